package dev.reflex.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A test client of {@code GET /events}: parses the SSE frames into (event, JSON data). */
final class SseStream implements AutoCloseable {
  record Frame(String event, JsonNode data) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  final HttpResponse<Stream<String>> response;
  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final List<Frame> seen = new ArrayList<>();
  private final Thread reader;

  SseStream(HttpClient http, URI events, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(events).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    response = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    String[] event = {null};
    StringBuilder data = new StringBuilder();
    try {
      response
          .body()
          .forEach(
              line -> {
                if (line.startsWith("event: ")) {
                  event[0] = line.substring(7);
                } else if (line.startsWith("data: ")) {
                  data.append(line.substring(6));
                } else if (line.isEmpty() && event[0] != null) {
                  try {
                    frames.add(new Frame(event[0], JSON.readTree(data.toString())));
                  } catch (Exception e) {
                    frames.add(new Frame("unparsable", null));
                  }
                  event[0] = null;
                  data.setLength(0);
                }
              });
    } catch (RuntimeException e) {
      // stream closed
    }
  }

  /** Waits for a frame matching {@code match} not returned before; fails on timeout. */
  Frame await(Predicate<Frame> match, long timeoutMs, String what) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (true) {
      for (int i = 0; i < seen.size(); i++) {
        if (match.test(seen.get(i))) {
          return seen.remove(i);
        }
      }
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
      }
      Frame f = frames.poll(Math.min(left, 50), TimeUnit.MILLISECONDS);
      if (f != null) {
        seen.add(f);
      }
    }
  }

  /** Waits for a frame of {@code event} from {@code device}. */
  Frame await(String event, String device, long timeoutMs) throws InterruptedException {
    return await(
        f -> f.event().equals(event) && device.equals(f.data().path("device").asText()),
        timeoutMs,
        event + " from " + device);
  }

  @Override
  public void close() {
    response.body().close();
    reader.interrupt();
  }
}
