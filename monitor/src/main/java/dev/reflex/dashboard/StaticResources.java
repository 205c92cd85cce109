package dev.reflex.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page, its scripts and styles ({@code dev/reflex/dashboard/} on the classpath) and the WebJars
 * it uses ({@code META-INF/resources/webjars/<name>/<version>/...}), read from the jar: nothing is
 * fetched from the internet. A WebJar path may leave out the version ({@code
 * /webjars/chart.js/dist/chart.umd.js}); it is taken from the WebJar's {@code pom.properties}.
 *
 * <p>Threading: any thread.
 */
public final class StaticResources {
  /** A resource to send. */
  public record Resource(byte[] bytes, String contentType, boolean immutable) {}

  private static final String PAGE_DIR = "dev/reflex/dashboard/";
  private static final String WEBJARS = "META-INF/resources/webjars/";
  private static final Pattern PAGE_FILE = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
  private static final Pattern WEBJAR_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "mjs", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "json", "application/json",
          "map", "application/json");

  private final ClassLoader loader = StaticResources.class.getClassLoader();
  private final Map<String, String> webjarVersions = new ConcurrentHashMap<>();

  /**
   * The resource for a request path, or null if there is none (or the path is not allowed).
   *
   * @param path the request path, e.g. {@code /}, {@code /app.js}, {@code /webjars/chart.js/...}
   */
  public Resource find(String path) throws IOException {
    if (path.equals("/")) {
      path = "/index.html";
    }
    if (path.startsWith("/webjars/")) {
      return webjar(path.substring("/webjars/".length()));
    }
    String name = path.substring(1);
    if (!PAGE_FILE.matcher(name).matches()) {
      return null;
    }
    byte[] bytes = read(PAGE_DIR + name);
    return bytes == null ? null : new Resource(bytes, type(name), false);
  }

  private Resource webjar(String rest) throws IOException {
    if (!WEBJAR_PATH.matcher(rest).matches()
        || rest.contains("..")
        || !TYPES.containsKey(rest.substring(rest.lastIndexOf('.') + 1))) {
      return null;
    }
    byte[] bytes = read(WEBJARS + rest);
    if (bytes == null) {
      int slash = rest.indexOf('/');
      String name = rest.substring(0, slash);
      String version = webjarVersion(name);
      if (version != null) {
        bytes = read(WEBJARS + name + "/" + version + rest.substring(slash));
      }
    }
    return bytes == null ? null : new Resource(bytes, type(rest), true);
  }

  /** The version of the WebJar {@code name} on the classpath, or null. */
  public String webjarVersion(String name) throws IOException {
    String cached = webjarVersions.get(name);
    if (cached != null) {
      return cached;
    }
    for (String group : new String[] {"org.webjars.npm", "org.webjars"}) {
      try (InputStream in =
          loader.getResourceAsStream("META-INF/maven/" + group + "/" + name + "/pom.properties")) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          String v = p.getProperty("version");
          if (v != null) {
            webjarVersions.put(name, v);
            return v;
          }
        }
      }
    }
    return null;
  }

  private byte[] read(String resource) throws IOException {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static String type(String name) {
    int dot = name.lastIndexOf('.');
    return TYPES.getOrDefault(name.substring(dot + 1), "application/octet-stream");
  }
}
