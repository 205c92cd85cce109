package dev.reflex.app;

import dev.reflex.cli.VersionProvider;
import dev.reflex.format.ActorFile;
import dev.reflex.format.SafetensorsFormatException;
import dev.reflex.policy.CompactActor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs an actor file on observations read from CSV, one observation per line, and prints one action
 * per line, through exactly the {@link CompactActor} the control loop uses.
 */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run an actor on observations read from CSV.",
      "Each input line holds one observation: comma-separated numbers in physical units, one"
          + " column per observation in the actor's observation order, i.e. the order of the"
          + " controller config's 'observations' list, or for a trainer actor the plant's"
          + " (pendulum: cos_theta,sin_theta,theta_dot_rad_s; cartpole-swingup:"
          + " x_m,x_dot_m_s,cos_theta,sin_theta,theta_dot_rad_s; dc-motor: angle_error_rad,velocity_rad_s,current_a,setpoint_rad)."
          + " A first line of column names (a header) is skipped, and so are blank lines and"
          + " lines starting with #. Each output line holds the action, as full-precision"
          + " comma-separated numbers.",
      "Example:",
      "  printf 'cos_theta,sin_theta,theta_dot_rad_s\\n1,0,0\\n' | reflex infer --actor A --input -"
    })
public final class InferCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--actor",
      required = true,
      paramLabel = "FILE",
      description = "Actor file (.safetensors).")
  Path actor;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Observations as CSV, or - for standard input.")
  String input;

  @Override
  public Integer call() throws IOException {
    CompactActor policy;
    try {
      policy = new CompactActor(ActorFile.read(actor));
    } catch (SafetensorsFormatException e) {
      throw e;
    } catch (IOException e) {
      throw unreadable(actor.toString(), e);
    }
    boolean stdin = input.equals("-");
    String name = stdin ? "<stdin>" : input;
    PrintWriter out = spec.commandLine().getOut();
    double[] obs = new double[policy.observationSize()];
    double[] action = new double[policy.actionSize()];
    try (BufferedReader reader =
        stdin
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      boolean first = true;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        if (first && isHeader(trimmed)) {
          first = false;
          continue;
        }
        first = false;
        parse(trimmed, obs, name, lineNo);
        policy.act(obs, action);
        out.println(format(action));
        if (stdin) {
          out.flush();
        }
      }
    } catch (IOException e) {
      throw unreadable(name, e);
    }
    out.flush();
    return 0;
  }

  /** An error naming the file and, where Java's message lacks it, the reason in words. */
  private static IOException unreadable(String file, IOException e) {
    String reason =
        switch (e) {
          case NoSuchFileException x -> "no such file";
          case AccessDeniedException x -> "permission denied";
          case CharacterCodingException x -> "not UTF-8 text";
          default -> e.getMessage();
        };
    return new IOException(file + ": cannot read: " + reason, e);
  }

  /** A header: every cell starts with a letter or underscore (a number never does). */
  private static boolean isHeader(String line) {
    for (String cell : line.split(",", -1)) {
      String c = cell.strip();
      if (c.isEmpty() || !(Character.isLetter(c.charAt(0)) || c.charAt(0) == '_')) {
        return false;
      }
      if (c.equalsIgnoreCase("nan") || c.equalsIgnoreCase("infinity")) {
        return false;
      }
    }
    return true;
  }

  private static void parse(String line, double[] obsOut, String name, int lineNo) {
    String[] cells = line.split(",", -1);
    if (cells.length != obsOut.length) {
      throw new IllegalArgumentException(
          name
              + ":"
              + lineNo
              + ": expected "
              + obsOut.length
              + " values (the actor's observation size), found "
              + cells.length);
    }
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i].strip();
      double v;
      try {
        v = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            name + ":" + lineNo + ": value " + (i + 1) + " '" + cell + "' is not a finite number");
      }
      obsOut[i] = v;
    }
  }

  private static String format(double[] action) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < action.length; j++) {
      if (j > 0) {
        sb.append(',');
      }
      sb.append(Double.toString(action[j]));
    }
    return sb.toString();
  }
}
