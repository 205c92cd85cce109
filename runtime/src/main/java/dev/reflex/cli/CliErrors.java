package dev.reflex.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns exceptions escaping a command into one clear error line and a non-zero exit, instead of a
 * stack trace. Set {@code REFLEX_DEBUG=1} to see the trace as well.
 */
public final class CliErrors {
  /** Exit status for a user error (bad input, bad file, bad config). */
  public static final int USER_ERROR = 2;

  private CliErrors() {}

  /** Installs the handler on {@code cl} and returns it. */
  public static CommandLine install(CommandLine cl) {
    cl.setOverwrittenOptionsAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println(
              "error: "
                  + ex.getMessage()
                  + " (see '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help')");
          err.flush();
          return USER_ERROR;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("error: " + describe(ex));
          if (System.getenv("REFLEX_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          err.flush();
          return USER_ERROR;
        });
    return cl;
  }

  /**
   * The message of {@code ex}, prefixed by its cause chain where that adds information; a missing
   * or unreadable file reads {@code FILE: no such file} (Java's own message is the bare name).
   */
  public static String describe(Throwable ex) {
    String file = fileProblem(ex);
    if (file != null) {
      return file;
    }
    String msg = ex.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = ex.getClass().getSimpleName();
    }
    Throwable cause = ex.getCause();
    if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
      msg = msg + ": " + cause.getMessage();
    }
    return msg;
  }

  /**
   * {@code FILE: no such file} / {@code FILE: permission denied} for such an exception, or null.
   */
  private static String fileProblem(Throwable ex) {
    // the exception itself only: a wrapper's message already says it in its own words
    return switch (ex) {
      case java.nio.file.NoSuchFileException e -> e.getFile() + ": no such file";
      case java.nio.file.AccessDeniedException e -> e.getFile() + ": permission denied";
      default -> null;
    };
  }

  /**
   * Why a file could not be read, without repeating its name: {@code no such file}, {@code
   * permission denied}, or the exception's message.
   */
  public static String reason(Throwable ex, Object file) {
    String d = describe(ex);
    String prefix = file + ": ";
    return d.startsWith(prefix) ? d.substring(prefix.length()) : d;
  }
}
