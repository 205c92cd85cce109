package dev.reflex.trainer;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the trainer's command line in-process and captures its streams. */
final class Cli {
  /** Exit status and captured output. */
  record Result(int exit, String out, String err) {
    /** The non-blank lines of stderr. */
    String[] errLines() {
      return err.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
    }
  }

  private Cli() {}

  static Result run(String... args) {
    CommandLine cl = TrainerMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** Tiny settings that train in well under a second. */
  static String[] tiny() {
    return new String[] {
      "--actor-hidden", "8,8",
      "--critic-hidden", "8,8",
      "--batch-size", "16",
      "--replay-capacity", "2000",
      "--warmup-steps", "100",
      "--eval-interval", "150",
      "--eval-episodes", "2",
      "--quiet"
    };
  }

  static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
