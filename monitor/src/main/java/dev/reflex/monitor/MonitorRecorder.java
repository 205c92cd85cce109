package dev.reflex.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records telemetry to CSV: one file per topic kind ({@code loop.csv}, {@code signals.csv}, ...) in
 * a directory, columns {@code device} then the scalar fields of the first message of that kind
 * (flat JSON becomes columns; arrays are skipped; later unknown fields are ignored, missing ones
 * left empty).
 *
 * <p>Threading: any thread (synchronized).
 */
public final class MonitorRecorder implements AutoCloseable {
  private final Path dir;
  private final Map<String, BufferedWriter> writers = new HashMap<>();
  private boolean closed;
  private final Map<String, List<String>> columns = new HashMap<>();

  /** Records into {@code dir} (created if missing). */
  public MonitorRecorder(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create recording directory " + dir, e);
    }
  }

  /** Appends one message of topic kind {@code kind} from {@code device}. */
  public synchronized void record(String device, String kind, JsonNode body) {
    if (closed) {
      return; // after close (e.g. Ctrl-C): reopening would truncate the file
    }
    try {
      BufferedWriter w = writers.get(kind);
      if (w == null) {
        List<String> cols = new ArrayList<>();
        body.fields()
            .forEachRemaining(
                f -> {
                  if (f.getValue().isValueNode()) {
                    cols.add(f.getKey());
                  }
                });
        columns.put(kind, cols);
        w = Files.newBufferedWriter(dir.resolve(kind + ".csv"), StandardCharsets.UTF_8);
        writers.put(kind, w);
        w.write("device");
        for (String c : cols) {
          w.write(',');
          w.write(c);
        }
        w.newLine();
      }
      w.write(csv(device));
      for (String c : columns.get(kind)) {
        w.write(',');
        JsonNode v = body.get(c);
        if (v != null && !v.isNull()) {
          w.write(v.isNumber() ? v.asText() : csv(v.asText()));
        }
      }
      w.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write recording in " + dir, e);
    }
  }

  private static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Flushes all files. */
  public synchronized void flush() {
    for (BufferedWriter w : writers.values()) {
      try {
        w.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write recording in " + dir, e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    flush();
    for (BufferedWriter w : writers.values()) {
      try {
        w.close();
      } catch (IOException e) {
        // already flushed
      }
    }
    writers.clear();
  }
}
