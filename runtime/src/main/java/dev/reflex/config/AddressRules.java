package dev.reflex.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the host:port strings of a config ({@code plant.udp.listen}, {@code plant.udp.peer},
 * {@code telemetry.brokers}) beyond the schema's pattern: ports in [0, 65535] (1 and up for a peer
 * or broker), IPv4 literals of four octets of at most 255, IPv6 literals in brackets that parse,
 * host names of DNS labels. Names are not resolved (that needs the network).
 */
final class AddressRules {
  private static final Pattern HOST_PORT =
      Pattern.compile("^(\\[[^\\]]*\\]|[^:/\\s]+)(?::(\\d+))?$");
  private static final Pattern IPV4ISH = Pattern.compile("^[0-9.]+$");
  private static final Pattern LABELS =
      Pattern.compile("^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?)+$");

  private AddressRules() {}

  static void check(ConfigTree tree, List<ConfigProblem> problems) {
    TreeNode root = TreeNode.of(tree.root(), "");
    TreeNode plant = root.node("plant");
    if ("udp".equals(plant.str("backend", "")) && plant.has("udp")) {
      TreeNode udp = plant.node("udp");
      hostPort(tree, udp.at("listen"), udp.str("listen", null), false, problems);
      hostPort(tree, udp.at("peer"), udp.str("peer", null), true, problems);
    }
    TreeNode telemetry = root.node("telemetry");
    List<String> brokers = telemetry.strings("brokers");
    for (int i = 0; i < brokers.size(); i++) {
      String uri = brokers.get(i);
      int scheme = uri.indexOf("://");
      String rest = scheme < 0 ? uri : uri.substring(scheme + 3);
      if (rest.endsWith("/")) {
        rest = rest.substring(0, rest.length() - 1);
      }
      hostPort(tree, telemetry.at("brokers") + "[" + i + "]", rest, true, problems);
    }
  }

  private static void hostPort(
      ConfigTree tree, String path, String value, boolean needPort, List<ConfigProblem> problems) {
    if (value == null) {
      return;
    }
    String why = problem(value, needPort);
    if (why != null) {
      problems.add(tree.problem(path, why));
    }
  }

  /** Why {@code hostPort} is not a usable address, or null. */
  static String problem(String hostPort, boolean needPort) {
    Matcher m = HOST_PORT.matcher(hostPort);
    if (!m.matches()) {
      return "not host:port";
    }
    String host = m.group(1);
    if (m.group(2) != null) {
      long port = m.group(2).length() > 6 ? Long.MAX_VALUE : Long.parseLong(m.group(2));
      if (port > 65535 || (needPort && port == 0)) {
        return "port " + m.group(2) + " not in [" + (needPort ? 1 : 0) + ", 65535]";
      }
    }
    if (host.startsWith("[")) {
      String literal = host.substring(1, host.length() - 1);
      try {
        if (!(java.net.InetAddress.ofLiteral(literal) instanceof java.net.Inet6Address)) {
          return "`" + host + "` is not an IPv6 address (write IPv4 without brackets)";
        }
      } catch (IllegalArgumentException e) {
        return "`" + host + "` is not an IPv6 address";
      }
      return null;
    }
    if (IPV4ISH.matcher(host).matches()) {
      String[] octets = host.split("\\.", -1);
      if (octets.length != 4) {
        return "`" + host + "` is not an IPv4 address (four numbers 0-255)";
      }
      for (String o : octets) {
        if (o.isEmpty() || o.length() > 3 || Integer.parseInt(o) > 255) {
          return "`" + host + "` is not an IPv4 address (each of the four numbers is 0-255)";
        }
      }
      return null;
    }
    if (!LABELS.matcher(host).matches()) {
      return "`" + SchemaMessages.shown(host) + "` is not a host name";
    }
    return null;
  }
}
