package dev.reflex.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dashboard's HTTP server (the JDK's {@link HttpServer}, one virtual thread per request): the
 * page and its scripts, the WebJars, the live event stream {@code GET /events} (Server-Sent Events
 * from a {@link DashboardFeed}) and {@code POST /api/command} (through a {@link CommandGate}).
 * Every request passes the {@link RequestGuard} first.
 *
 * <p>Threading: {@link #start} and {@link #close} from the owner; requests on virtual threads.
 */
public final class DashboardServer implements AutoCloseable {
  private static final long HEARTBEAT_MS = 15_000;
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final HttpBinding binding;
  private final DashboardFeed feed;
  private final CommandGate gate;
  private final StaticResources resources = new StaticResources();
  private final ObjectMapper json = new ObjectMapper();
  private HttpServer server;
  private ExecutorService executor;
  private RequestGuard guard;
  private volatile boolean running;

  /**
   * Creates a server; nothing listens before {@link #start}.
   *
   * @param binding address, port and token
   * @param feed the event source; closed with the server
   * @param gate where commands go, or null for a read-only dashboard
   */
  public DashboardServer(HttpBinding binding, DashboardFeed feed, CommandGate gate) {
    this.binding = binding;
    this.feed = feed;
    this.gate = gate;
  }

  /** Binds and starts serving. */
  public synchronized DashboardServer start() throws IOException {
    try {
      server = HttpServer.create(new InetSocketAddress(binding.address(), binding.port()), 64);
    } catch (java.net.BindException e) {
      throw new java.net.BindException(
          "dashboard port "
              + binding.port()
              + " on "
              + binding.address().getHostAddress()
              + " is in use: choose another with --http :PORT (:0 picks a free one)");
    }
    guard = new RequestGuard(binding, server.getAddress().getPort());
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    running = true;
    server.start();
    return this;
  }

  /** The port listened on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public URI url() {
    String host = binding.address().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      URI uri = ex.getRequestURI();
      String path = uri.getRawPath();
      String queryToken = path.equals("/") ? queryParam(uri.getRawQuery(), "token") : null;
      var h = ex.getResponseHeaders();
      h.set("Content-Security-Policy", CSP);
      h.set("X-Content-Type-Options", "nosniff");
      h.set("Referrer-Policy", "no-referrer");
      h.set("X-Frame-Options", "DENY");
      Integer refused = guard.check(method, ex.getRequestHeaders(), queryToken);
      if (refused != null) {
        sendText(ex, refused, refusal(refused));
        return;
      }
      if (queryToken != null && guard.tokenRequired() && guard.matches(queryToken)) {
        h.add("Set-Cookie", RequestGuard.cookieFor(queryToken));
        h.set("Location", "/");
        ex.sendResponseHeaders(303, -1);
        return;
      }
      switch (method) {
        case "GET", "HEAD" -> {
          if (path.equals("/events") && method.equals("GET")) {
            stream(ex);
          } else {
            serveStatic(ex, path, method.equals("HEAD"));
          }
        }
        case "POST" -> {
          if (path.equals("/api/command")) {
            command(ex);
          } else {
            sendText(ex, 404, "not found");
          }
        }
        default -> {
          h.set("Allow", "GET, HEAD, POST");
          sendText(ex, 405, "method not allowed");
        }
      }
    }
  }

  private void serveStatic(HttpExchange ex, String path, boolean head) throws IOException {
    StaticResources.Resource r = resources.find(path);
    if (r == null) {
      sendText(ex, 404, "not found");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", r.contentType());
    ex.getResponseHeaders()
        .set("Cache-Control", r.immutable() ? "public, max-age=31536000, immutable" : "no-cache");
    if (head) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, r.bytes().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.bytes());
    }
  }

  private void stream(HttpExchange ex) throws IOException {
    DashboardFeed.Subscription s = feed.subscribe(hello());
    if (s == null) {
      sendText(ex, 503, "too many dashboards connected, or shutting down");
      return;
    }
    var h = ex.getResponseHeaders();
    h.set("Content-Type", "text/event-stream; charset=utf-8");
    h.set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
      out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
      for (byte[] f : s.replay()) {
        out.write(f);
      }
      out.flush();
      SseClient c = s.client();
      while (running && !c.closed()) {
        byte[] f = c.next(HEARTBEAT_MS);
        if (f == null) {
          if (c.closed()) {
            break;
          }
          out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
        } else {
          out.write(f);
          for (int i = 0; i < 1024 && (f = c.poll()) != null; i++) {
            out.write(f);
          }
        }
        out.flush();
      }
    } catch (IOException e) {
      // the browser went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      feed.unsubscribe(s.client());
    }
  }

  private byte[] hello() {
    ObjectNode n = json.createObjectNode();
    n.put("ts", System.currentTimeMillis());
    n.put("readOnly", gate == null);
    n.putPOJO("commands", gate == null ? java.util.List.of() : CommandGate.COMMANDS);
    return feed.frame("hello", n);
  }

  private void command(HttpExchange ex) throws IOException {
    if (gate == null) {
      sendJson(ex, 403, "{\"error\":\"read-only\",\"detail\":\"commands are disabled\"}");
      return;
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(8192);
    }
    CommandGate.Reply reply = gate.submit(body);
    sendJson(ex, reply.httpStatus(), json.writeValueAsString(reply.body()));
  }

  /** The command name for an ack's id if this dashboard sent it (for {@link DashboardFeed}). */
  public String commandOf(String id) {
    return gate == null ? null : gate.commandOf(id);
  }

  private static String refusal(int status) {
    return switch (status) {
      case 401 -> "token required: open /?token=... once, or send Authorization: Bearer ...";
      case 403 -> "forbidden (Host or Origin not allowed)";
      default -> "bad request (commands need Content-Type: application/json)";
    };
  }

  private static void sendText(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static void sendJson(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static String queryParam(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Ends every event stream (closing the feed) and stops listening. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    running = false;
    feed.close();
    server.stop(0);
    executor.shutdownNow();
    server = null;
  }
}
