package dev.reflex.hil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The scenario's picture, one PNG with two panels: the plant's trajectory from the emulator's
 * record (angle from upright and applied torque against emulator time, with the scenario's events
 * as vertical lines) and the loop's timing from the observer's {@code telemetry/loop} messages
 * (start-lateness p99 and max per second, and cumulative deadline misses, against the same clock
 * give or take the emulator's start-up).
 */
public final class ScenarioChart {
  private ScenarioChart() {}

  /**
   * Writes {@code file} (PNG, 1000×800).
   *
   * @param trajectory the emulator's record, or null when there is none
   * @param loop the observer's {@code telemetry/loop} messages (may be empty)
   * @param zeroMs epoch ms taken as time 0 for the loop panel (the emulator's start)
   * @param events event name to emulator seconds, drawn as vertical lines on both panels
   */
  public static void write(
      Path file,
      String title,
      Trajectory trajectory,
      List<Observed> loop,
      long zeroMs,
      Map<String, Double> events) {
    List<XYChart> charts = new ArrayList<>();
    charts.add(plantPanel(title, trajectory, events));
    charts.add(loopPanel(loop, zeroMs, events));
    try {
      BitmapEncoder.saveBitmap(charts, 2, 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes {@code file} (PNG, 1000×800): the angle of several runs (top) and their reward (bottom)
   * against time since each run's first actuator frame, e.g. learning off against learning on.
   */
  public static void writeComparison(Path file, String title, Map<String, Trajectory> runs) {
    XYChart angle =
        new XYChartBuilder()
            .width(1000)
            .height(400)
            .title(title + ": angle from upright (emulator record)")
            .xAxisTitle("time since the controller's first frame [s]")
            .yAxisTitle("angle [rad]")
            .build();
    XYChart reward =
        new XYChartBuilder()
            .width(1000)
            .height(400)
            .title("reward per emulator tick")
            .xAxisTitle("time since the controller's first frame [s]")
            .yAxisTitle("reward")
            .build();
    style(angle);
    style(reward);
    runs.forEach(
        (name, t) -> {
          if (t.rows() == 0) {
            return;
          }
          double start = t.controlStartS();
          double[] time = t.timeS().clone();
          for (int i = 0; i < time.length; i++) {
            time[i] -= Double.isNaN(start) ? 0 : start;
          }
          line(angle.addSeries(name, time, t.pendulumAngleRad()));
          line(reward.addSeries(name, time, t.column("reward")));
        });
    try {
      BitmapEncoder.saveBitmap(
          List.of(angle, reward), 2, 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes {@code file} (PNG, 1000×450): the return of each plant episode (the emulator's summary)
   * of several runs against the episode's index, with the window the scenario compares shaded by
   * two vertical lines.
   */
  public static void writeEpisodeReturns(
      Path file, String title, Map<String, List<Double>> runs, int windowFrom, int windowTo) {
    XYChart c =
        new XYChartBuilder()
            .width(1000)
            .height(450)
            .title(title + ": return of each plant episode (emulator)")
            .xAxisTitle("plant episode")
            .yAxisTitle("episode return")
            .build();
    style(c);
    double lo = 0;
    for (var e : runs.entrySet()) {
      List<Double> r = e.getValue();
      if (r.isEmpty()) {
        continue;
      }
      double[] x = new double[r.size()];
      double[] y = new double[r.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = i;
        y[i] = r.get(i);
        lo = Math.min(lo, y[i]);
      }
      c.addSeries(e.getKey(), x, y);
    }
    for (int edge : new int[] {windowFrom, windowTo}) {
      line(
          c.addSeries(
              "compared window " + (edge == windowFrom ? "from" : "to"),
              new double[] {edge, edge},
              new double[] {lo, 0}));
    }
    try {
      BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static XYChart plantPanel(String title, Trajectory t, Map<String, Double> events) {
    XYChart c =
        new XYChartBuilder()
            .width(1000)
            .height(400)
            .title(title + ": plant (emulator record)")
            .xAxisTitle("emulator time [s]")
            .yAxisTitle("angle [rad] / torque [N·m]")
            .build();
    style(c);
    if (t == null || t.rows() == 0) {
      c.addSeries("no trajectory recorded", new double[] {0}, new double[] {0});
      return c;
    }
    double[] time = t.timeS();
    if (t.columns().contains("cos_theta")) {
      line(c.addSeries("angle from upright [rad]", time, t.pendulumAngleRad()));
    }
    for (String col : t.columns()) {
      if (col.startsWith("applied_")) {
        line(c.addSeries(col.substring("applied_".length()) + " applied", time, t.column(col)));
      }
    }
    events.values().forEach(s -> c.addAnnotation(new AnnotationLine(s, true, false)));
    return c;
  }

  private static XYChart loopPanel(List<Observed> loop, long zeroMs, Map<String, Double> events) {
    XYChart c =
        new XYChartBuilder()
            .width(1000)
            .height(400)
            .title("control loop (observer, telemetry/loop)")
            .xAxisTitle("time since emulator start [s] (receive time)")
            .yAxisTitle("start lateness [µs] / misses")
            .build();
    style(c);
    List<Double> x = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    List<Double> misses = new ArrayList<>();
    for (Observed m : loop) {
      double p = m.number("lateness_p99_us");
      double mx = m.number("lateness_max_us");
      double ms = m.number("deadline_misses");
      x.add((m.receivedMs() - zeroMs) / 1000.0);
      p99.add(Double.isNaN(p) ? 0 : p);
      max.add(Double.isNaN(mx) ? 0 : mx);
      misses.add(Double.isNaN(ms) ? 0 : ms);
    }
    if (x.isEmpty()) {
      c.addSeries("no telemetry/loop received", new double[] {0}, new double[] {0});
      return c;
    }
    c.addSeries("lateness p99 [µs]", x, p99).setMarker(SeriesMarkers.CIRCLE);
    c.addSeries("lateness max [µs]", x, max).setMarker(SeriesMarkers.DIAMOND);
    c.addSeries("deadline misses (total)", x, misses).setMarker(SeriesMarkers.SQUARE);
    events.values().forEach(s -> c.addAnnotation(new AnnotationLine(s, true, false)));
    return c;
  }

  private static void line(XYSeries s) {
    s.setMarker(SeriesMarkers.NONE);
  }

  private static void style(XYChart c) {
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    c.getStyler().setAntiAlias(true);
  }
}
