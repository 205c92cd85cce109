package dev.reflex.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorPlotsTest {

  /** learning.csv as MonitorRecorder writes it: null fields are empty cells. */
  static Path learningCsv(Path dir, String... rows) throws Exception {
    StringBuilder sb =
        new StringBuilder("device,ts,updates,episode_return,eval_return,evaluations,evaluating\n");
    for (String r : rows) {
      sb.append(r).append('\n');
    }
    return Files.writeString(dir.resolve("learning.csv"), sb.toString());
  }

  @Test
  void shouldPlaceOneEvaluationPointWhereEvaluationsGrew(@TempDir Path dir) throws Exception {
    learningCsv(
        dir,
        "d,1000,10,-300,,0,1", // the baseline is being evaluated: no evaluation return yet
        "d,2000,20,-290,-250,1,0", // baseline done
        "d,3000,30,-280,-250,1,0", // same evaluation, reported again: no new point
        "d,4000,40,-270,-250,1,1",
        "d,5000,50,-260,-200,2,0", // second evaluation
        "d,6000,60,-250,-200,2,0");
    MonitorPlots.Table t = MonitorPlots.read(dir.resolve("learning.csv"));
    double[] x = {0, 1, 2, 3, 4, 5};
    double[][] p = MonitorPlots.evaluationPoints(x, t);
    assertArrayEquals(new double[] {1, 4}, p[0]);
    assertArrayEquals(new double[] {-250, -200}, p[1]);
  }

  @Test
  void shouldCountTheFirstRowWhenTheRecordingStartsAfterEvaluations(@TempDir Path dir)
      throws Exception {
    learningCsv(dir, "d,1000,10,-300,-180,7,0", "d,2000,20,-290,-180,7,0");
    double[][] p =
        MonitorPlots.evaluationPoints(
            new double[] {0, 1}, MonitorPlots.read(dir.resolve("learning.csv")));
    assertArrayEquals(new double[] {0}, p[0]);
    assertArrayEquals(new double[] {-180}, p[1]);
  }

  @Test
  void shouldStartCountingAfreshWhenTheDeviceRestarts(@TempDir Path dir) throws Exception {
    learningCsv(
        dir,
        "d,1000,10,-300,-180,5,0",
        "d,2000,1,-400,,0,1", // restarted: no evaluation yet
        "d,3000,2,-390,-220,1,0");
    double[][] p =
        MonitorPlots.evaluationPoints(
            new double[] {0, 1, 2}, MonitorPlots.read(dir.resolve("learning.csv")));
    assertArrayEquals(new double[] {0, 2}, p[0]);
    assertArrayEquals(new double[] {-180, -220}, p[1]);
  }

  @Test
  void shouldPlotEpisodeReturnsWithoutEvaluationColumns(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("learning.csv"),
        "device,ts,episode_return,critic_loss\nd,1000,-300,0.5\nd,2000,-280,0.4\n");
    MonitorPlots.Table t = MonitorPlots.read(dir.resolve("learning.csv"));
    assertEquals(0, MonitorPlots.evaluationPoints(new double[] {0, 1}, t)[0].length);
    List<Path> pngs = MonitorPlots.plot(dir);
    assertTrue(pngs.contains(dir.resolve("episode_return.png")), pngs.toString());
    assertTrue(Files.size(dir.resolve("episode_return.png")) > 5_000);
  }
}
