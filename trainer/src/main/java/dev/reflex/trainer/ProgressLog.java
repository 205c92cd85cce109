package dev.reflex.trainer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code progress.csv}: one row per finished episode and per evaluation, flushed as written, and
 * kept in memory for the learning-curve plot. Empty fields mean "not measured at this row" (an
 * episode row has no evaluation, an evaluation row no episode return).
 *
 * <p>Columns: {@value #HEADER}. Losses and mean Q are the learner's last update's (critic 1).
 */
public final class ProgressLog implements AutoCloseable {
  /** The header line. */
  public static final String HEADER =
      "step,wall_time_s,episode_return,eval_mean,eval_std,critic_loss,actor_loss,mean_q";

  /** One row; NaN for a field not measured. */
  public record Row(
      long step,
      double wallTimeS,
      double episodeReturn,
      double evalMean,
      double evalStd,
      double criticLoss,
      double actorLoss,
      double meanQ) {}

  private final BufferedWriter out;
  private final List<Row> rows;

  private ProgressLog(BufferedWriter out, List<Row> rows) {
    this.out = out;
    this.rows = rows;
  }

  /**
   * Creates {@code file}, or, when {@code keepUpToStep >= 0}, keeps the rows of an existing {@code
   * previous} file up to that step (a resumed run drops what came after its checkpoint) and
   * continues after them.
   *
   * @param previous may be the same as {@code file}, or null
   */
  public static ProgressLog open(Path file, Path previous, long keepUpToStep) throws IOException {
    List<Row> rows = new ArrayList<>();
    if (previous != null && keepUpToStep >= 0 && Files.exists(previous)) {
      for (String line : Files.readAllLines(previous, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("step")) {
          continue;
        }
        Row r = parse(line, previous);
        if (r.step() <= keepUpToStep) {
          rows.add(r);
        }
      }
    }
    BufferedWriter w =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    ProgressLog log = new ProgressLog(w, new ArrayList<>());
    w.write(HEADER);
    w.newLine();
    for (Row r : rows) {
      log.append(r);
    }
    return log;
  }

  private static Row parse(String line, Path file) throws IOException {
    String[] f = line.split(",", -1);
    if (f.length != 8) {
      throw new IOException(file + ": progress row '" + line + "' does not have 8 fields");
    }
    try {
      return new Row(
          Long.parseLong(f[0]),
          num(f[1]),
          num(f[2]),
          num(f[3]),
          num(f[4]),
          num(f[5]),
          num(f[6]),
          num(f[7]));
    } catch (NumberFormatException e) {
      throw new IOException(file + ": progress row '" + line + "' is not numeric", e);
    }
  }

  private static double num(String s) {
    return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
  }

  /** Writes and flushes one row. */
  public void append(Row r) throws IOException {
    rows.add(r);
    out.write(
        r.step()
            + ","
            + fmt(r.wallTimeS())
            + ","
            + fmt(r.episodeReturn())
            + ","
            + fmt(r.evalMean())
            + ","
            + fmt(r.evalStd())
            + ","
            + fmt(r.criticLoss())
            + ","
            + fmt(r.actorLoss())
            + ","
            + fmt(r.meanQ()));
    out.newLine();
    out.flush();
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }

  /** Every row so far (live). */
  public List<Row> rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
