package dev.reflex.trainer;

import dev.reflex.format.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code learning-curve.png}: evaluation mean return (with ± one std as error bars) and every
 * training episode's return, against environment steps. Rendered headless with XChart.
 */
public final class LearningCurvePlot {
  private LearningCurvePlot() {}

  /** Writes the plot of {@code rows} to {@code png}, atomically. */
  public static void write(Path png, List<ProgressLog.Row> rows, String title) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(500)
            .title(title)
            .xAxisTitle("environment steps")
            .yAxisTitle("return")
            .build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    chart.getStyler().setMarkerSize(4);
    List<Double> epX = new ArrayList<>();
    List<Double> epY = new ArrayList<>();
    List<Double> evX = new ArrayList<>();
    List<Double> evY = new ArrayList<>();
    List<Double> evErr = new ArrayList<>();
    for (ProgressLog.Row r : rows) {
      if (!Double.isNaN(r.episodeReturn())) {
        epX.add((double) r.step());
        epY.add(r.episodeReturn());
      }
      if (!Double.isNaN(r.evalMean())) {
        evX.add((double) r.step());
        evY.add(r.evalMean());
        evErr.add(Double.isNaN(r.evalStd()) ? 0.0 : r.evalStd());
      }
    }
    if (!epX.isEmpty()) {
      XYSeries s = chart.addSeries("training episode return", epX, epY);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(new java.awt.Color(150, 150, 150));
    }
    if (!evX.isEmpty()) {
      XYSeries s = chart.addSeries("evaluation mean return (± std)", evX, evY, evErr);
      s.setMarker(SeriesMarkers.DIAMOND);
      s.setLineColor(new java.awt.Color(31, 119, 180));
      s.setMarkerColor(new java.awt.Color(31, 119, 180));
    }
    if (epX.isEmpty() && evX.isEmpty()) {
      chart.addSeries("no data yet", new double[] {0}, new double[] {0});
    }
    byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(png, bytes);
  }
}
