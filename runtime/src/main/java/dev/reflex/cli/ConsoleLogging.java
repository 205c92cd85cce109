package dev.reflex.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logging for the command-line programs: every message one line. slf4j-simple (our classes, the
 * embedded broker, Netty, Pi4J, Paho) is set up by {@code simplelogger.properties}; this sets up
 * {@code java.util.logging}, which the JDK's {@code System.Logger} writes to (the dense kernel
 * choice), so that its default two-line, dated format does not appear: warnings and errors only,
 * each on one {@code reflex: LEVEL: message} line. {@code -Djava.util.logging.config.file=...}
 * still wins.
 */
public final class ConsoleLogging {
  private ConsoleLogging() {}

  /** Configures {@code java.util.logging}; call first in {@code main}. */
  public static void configure() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    System.setProperty("java.util.logging.SimpleFormatter.format", "reflex: %4$s: %5$s%6$s%n");
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    for (var h : root.getHandlers()) {
      h.setLevel(Level.WARNING);
      h.setFormatter(new java.util.logging.SimpleFormatter());
    }
  }
}
