package dev.reflex.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns a recording made by {@link MonitorRecorder} into PNG charts with XChart: the episode return
 * with the noise-free evaluation returns as markers, the losses and mean Q (from {@code
 * learning.csv}), the loop lateness percentiles over time and a histogram of the per-second p99
 * lateness (from {@code loop.csv}).
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
      out.add(returns(dir, x, t));
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

  /**
   * {@code episode_return.png}: the episode return as a line, and each noise-free evaluation as a
   * marker at the first row where {@code evaluations} changed ({@link #evaluationPoints}).
   */
  private static Path returns(Path dir, double[] x, Table t) throws IOException {
    XYChart chart = chart("Episode return, evaluation return (no noise)");
    XYSeries episodes = addSeries(chart, "episode_return", x, t.col("episode_return"));
    if (episodes != null) {
      episodes.setMarker(SeriesMarkers.NONE); // one row per second: a line, markers for evaluations
    }
    double[][] evaluations = evaluationPoints(x, t);
    if (evaluations[0].length > 0) {
      XYSeries s = chart.addSeries("eval_return", evaluations[0], evaluations[1]);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.DIAMOND);
    }
    return save(dir, "episode_return", chart);
  }

  /**
   * The noise-free evaluations in a learning table: one point {@code (x, eval_return)} at each row
   * where {@code evaluations} changed (it grows, and restarts with the device) and {@code
   * eval_return} is a number; the first such row counts (the recording may start after
   * evaluations). Empty without those columns (older recordings).
   *
   * @return {@code {xs, ys}}
   */
  static double[][] evaluationPoints(double[] x, Table t) {
    double[] evalReturn = t.col("eval_return");
    double[] evaluations = t.col("evaluations");
    if (evalReturn == null || evaluations == null) {
      return new double[][] {{}, {}};
    }
    double[] ex = new double[x.length];
    double[] ey = new double[x.length];
    int n = 0;
    double seen = Double.NaN;
    for (int i = 0; i < x.length; i++) {
      boolean measured = Double.isFinite(evalReturn[i]) && Double.isFinite(evaluations[i]);
      if (measured && evaluations[i] != seen) { // NaN != anything: the first row counts
        ex[n] = x[i];
        ey[n++] = evalReturn[i];
        seen = evaluations[i];
      }
    }
    return new double[][] {Arrays.copyOf(ex, n), Arrays.copyOf(ey, n)};
  }

  private static Path line(Path dir, String file, String title, double[] x, Table t, String... ys)
      throws IOException {
    XYChart chart = chart(title);
    for (String y : ys) {
      addSeries(chart, y, x, t.col(y));
    }
    return save(dir, file, chart);
  }

  private static XYChart chart(String title) {
    return new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("time (s)").build();
  }

  private static XYSeries addSeries(XYChart chart, String name, double[] x, double[] y) {
    return y != null && x.length > 0 ? chart.addSeries(name, x, y) : null;
  }

  private static Path save(Path dir, String file, XYChart chart) throws IOException {
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
