package dev.reflex.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Turns a recording made by {@link MonitorRecorder} into PNG charts with XChart: the episode
 * return, the losses and mean Q (from {@code learning.csv}), the loop lateness percentiles over
 * time and a histogram of the per-second p99 lateness (from {@code loop.csv}).
 */
public final class MonitorPlots {
  private MonitorPlots() {}

  /** A CSV file as columns of numbers (non-numeric cells become NaN). */
  record Table(Map<String, double[]> columns, int rows) {
    double[] col(String name) {
      return columns.get(name);
    }
  }

  /**
   * Writes the charts for every CSV of {@code dir} that exists into {@code dir}.
   *
   * @return the PNG files written
   * @throws IOException if a file cannot be read or written
   * @throws IllegalArgumentException if {@code dir} holds neither learning.csv nor loop.csv
   */
  public static List<Path> plot(Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> out = new ArrayList<>();
    Path learning = dir.resolve("learning.csv");
    Path loop = dir.resolve("loop.csv");
    if (!Files.exists(learning) && !Files.exists(loop)) {
      throw new IllegalArgumentException(
          "no learning.csv or loop.csv in " + dir + " (record with: monitor --record " + dir + ")");
    }
    if (Files.exists(learning)) {
      Table t = read(learning);
      double[] x = seconds(t.col("ts"));
      out.add(line(dir, "episode_return", "Episode return", x, t, "episode_return"));
      out.add(
          line(dir, "losses", "Losses and mean Q", x, t, "critic_loss", "actor_loss", "mean_q"));
    }
    if (Files.exists(loop)) {
      Table t = read(loop);
      double[] x = seconds(t.col("ts"));
      out.add(
          line(
              dir,
              "lateness_percentiles",
              "Loop start lateness (us)",
              x,
              t,
              "lateness_p50_us",
              "lateness_p99_us",
              "lateness_p999_us",
              "lateness_max_us"));
      out.add(histogram(dir, t.col("lateness_p99_us")));
    }
    return out;
  }

  private static double[] seconds(double[] tsMs) {
    double[] x = new double[tsMs.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (tsMs[i] - tsMs[0]) / 1000.0;
    }
    return x;
  }

  private static Path line(Path dir, String file, String title, double[] x, Table t, String... ys)
      throws IOException {
    XYChart chart =
        new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("time (s)").build();
    for (String y : ys) {
      double[] v = t.col(y);
      if (v != null && x.length > 0) {
        chart.addSeries(y, x, v);
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      chart.addSeries("(no data)", new double[] {0}, new double[] {0});
    }
    Path png = dir.resolve(file + ".png");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return png;
  }

  private static Path histogram(Path dir, double[] p99) throws IOException {
    double max = 0;
    for (double v : p99 == null ? new double[0] : p99) {
      max = Double.isFinite(v) ? Math.max(max, v) : max;
    }
    int bins = 20;
    double width = Math.max(1, Math.ceil(max / bins));
    List<String> labels = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      labels.add(Long.toString((long) (b * width)));
      counts.add(0);
    }
    for (double v : p99 == null ? new double[0] : p99) {
      if (Double.isFinite(v)) {
        int b = (int) Math.min(bins - 1, Math.floor(v / width));
        counts.set(b, counts.get(b) + 1);
      }
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title("Per-second p99 start lateness")
            .xAxisTitle("p99 lateness (us, bin start)")
            .yAxisTitle("seconds")
            .build();
    chart.addSeries("p99", labels, counts);
    Path png = dir.resolve("lateness_histogram.png");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return png;
  }

  static Table read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.isEmpty()) {
      return new Table(Map.of(), 0);
    }
    String[] header = lines.getFirst().split(",", -1);
    int rows = lines.size() - 1;
    Map<String, double[]> cols = new HashMap<>();
    for (String h : header) {
      cols.put(h, new double[rows]);
    }
    for (int r = 0; r < rows; r++) {
      String[] cells = lines.get(r + 1).split(",", -1);
      for (int c = 0; c < header.length; c++) {
        double v = Double.NaN;
        if (c < cells.length && !cells[c].isEmpty()) {
          try {
            v = Double.parseDouble(cells[c]);
          } catch (NumberFormatException e) {
            // text column (device, state, ...)
          }
        }
        cols.get(header[c])[r] = v;
      }
    }
    return new Table(cols, rows);
  }
}
