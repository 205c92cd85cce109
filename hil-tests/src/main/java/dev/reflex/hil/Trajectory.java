package dev.reflex.hil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plant emulator's trajectory CSV ({@code --record}, docs/udp-frames.md "Outputs"): one row per
 * emulator tick with {@code time_s}, the true observation (before sensor faults), the applied
 * action, the reward, the active faults and running frame counters. This is the ground truth of
 * what happened to the plant, independent of anything the runtime reports.
 */
public final class Trajectory {
  private final Path file;
  private final List<String> columns;
  private final Map<String, double[]> numbers = new HashMap<>();
  private final String[] faults;
  private final int rows;

  private Trajectory(Path file, List<String> columns, List<String[]> cells) {
    this.file = file;
    this.columns = columns;
    this.rows = cells.size();
    this.faults = new String[rows];
    int faultsIndex = columns.indexOf("faults");
    for (int c = 0; c < columns.size(); c++) {
      if (c == faultsIndex) {
        for (int r = 0; r < rows; r++) {
          faults[r] = cells.get(r)[c];
        }
        continue;
      }
      double[] v = new double[rows];
      for (int r = 0; r < rows; r++) {
        v[r] = Double.parseDouble(cells.get(r)[c]);
      }
      numbers.put(columns.get(c), v);
    }
  }

  /**
   * Reads the CSV; a last line cut short (the emulator killed mid-write) is ignored.
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  public static Trajectory read(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      if (lines.isEmpty()) {
        throw new IllegalArgumentException(file + ": empty trajectory (no header)");
      }
      List<String> header = List.of(lines.get(0).split(",", -1));
      List<String[]> cells = new ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        String[] c = lines.get(i).split(",", -1);
        if (c.length == header.size() && !c[c.length - 1].isEmpty()) {
          cells.add(c);
        }
      }
      return new Trajectory(file, header, cells);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trajectory " + file, e);
    }
  }

  /** The CSV file. */
  public Path file() {
    return file;
  }

  /** Number of ticks recorded. */
  public int rows() {
    return rows;
  }

  /** Column names in file order. */
  public List<String> columns() {
    return columns;
  }

  /**
   * A numeric column.
   *
   * @throws IllegalArgumentException naming the column and the known ones
   */
  public double[] column(String name) {
    double[] v = numbers.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          file + ": no numeric column '" + name + "'; columns: " + columns);
    }
    return v;
  }

  /** Active fault names per tick ('+'-joined, empty when none). */
  public String[] faults() {
    return faults;
  }

  /** Seconds since the emulator's first tick. */
  public double[] timeS() {
    return column("time_s");
  }

  /** The pendulum's angle from upright in [-π, π], from its cos/sin observation. */
  public double[] pendulumAngleRad() {
    double[] c = column("cos_theta");
    double[] s = column("sin_theta");
    double[] a = new double[rows];
    for (int i = 0; i < rows; i++) {
      a[i] = Math.atan2(s[i], c[i]);
    }
    return a;
  }

  /** The largest |value| over rows with {@code fromS <= time_s < toS}; NaN when none. */
  public double maxAbs(double[] values, double fromS, double toS) {
    double[] t = timeS();
    double m = Double.NaN;
    for (int i = 0; i < rows; i++) {
      if (t[i] >= fromS && t[i] < toS) {
        double a = Math.abs(values[i]);
        m = Double.isNaN(m) ? a : Math.max(m, a);
      }
    }
    return m;
  }

  /** The sum of {@code values} over rows with {@code fromS <= time_s < toS}. */
  public double sum(double[] values, double fromS, double toS) {
    double[] t = timeS();
    double s = 0;
    for (int i = 0; i < rows; i++) {
      if (t[i] >= fromS && t[i] < toS) {
        s += values[i];
      }
    }
    return s;
  }

  /** Seconds of the last row (0 when empty). */
  public double endS() {
    return rows == 0 ? 0 : timeS()[rows - 1];
  }

  /** Index of the first row at or after {@code timeS}, or {@link #rows()}. */
  public int indexAt(double atS) {
    double[] t = timeS();
    for (int i = 0; i < rows; i++) {
      if (t[i] >= atS) {
        return i;
      }
    }
    return rows;
  }

  /** Emulator time of the first accepted actuator frame (the controller's first tick), or NaN. */
  public double controlStartS() {
    double[] a = column("actuator_frames_accepted");
    for (int i = 0; i < rows; i++) {
      if (a[i] > 0) {
        return timeS()[i];
      }
    }
    return Double.NaN;
  }

  /** Emulator time of the last new accepted actuator frame (the controller's last send), or NaN. */
  public double controlEndS() {
    double[] a = column("actuator_frames_accepted");
    if (rows == 0 || a[rows - 1] == 0) {
      return Double.NaN;
    }
    for (int i = rows - 1; i > 0; i--) {
      if (a[i - 1] < a[i]) {
        return timeS()[i];
      }
    }
    return timeS()[0];
  }

  /** The value of column {@code name} at the last row (NaN when empty). */
  public double last(String name) {
    double[] v = column(name);
    return rows == 0 ? Double.NaN : v[rows - 1];
  }
}
