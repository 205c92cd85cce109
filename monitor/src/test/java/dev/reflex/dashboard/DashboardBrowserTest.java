package dev.reflex.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflex.telemetry.Command;
import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import dev.reflex.testing.SkippedTests;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through its chromedriver
 * (Selenium with the driver's path set, so Selenium Manager never downloads anything), against a
 * real broker and a real device publisher. Screenshots go to {@code target/dashboard-screenshots/}.
 * Skipped, with a note in {@code target/skipped-tests.txt} at the reactor root, when chromium or
 * chromedriver is absent.
 */
@Tag("slow")
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "dashboard-screenshots");
  static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    assumeBrowser();
    broker = EmbeddedBroker.loopback().start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.stop();
    }
  }

  static void assumeBrowser() {
    Path missing =
        !Files.isExecutable(CHROMIUM)
            ? CHROMIUM
            : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER : null;
    if (missing != null) {
      String line =
          "DashboardBrowserTest: skipped, "
              + missing
              + " is absent (apt-get install chromium chromium-driver)";
      SkippedTests.skip(line);
    }
  }

  static ChromeDriver chromium(Path profile) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1500,1350",
        "--user-data-dir=" + profile.toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  static void waitFor(BooleanSupplier condition, long timeoutMs, String what) throws Exception {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static Object js(ChromeDriver driver, String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  static long number(ChromeDriver driver, String expression) {
    Object v = js(driver, "return Number(" + expression + ") || 0;");
    return ((Number) v).longValue();
  }

  static void screenshot(ChromeDriver driver, String name) throws IOException {
    Files.createDirectories(SHOTS);
    File f = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  static Object fleetState(ChromeDriver driver, String device) {
    return js(
        driver,
        "const c = document.querySelector(\"#fleet-rows tr[data-device='"
            + device
            + "'] td.state\"); return c && c.textContent;");
  }

  static String commandStatus(ChromeDriver driver, int row) {
    Object v =
        js(
            driver,
            "const r = document.querySelectorAll('#command-rows tr')["
                + row
                + "]; return r ? r.cells[2].dataset.status || '' : '';");
    return String.valueOf(v);
  }

  @Test
  void shouldChartLiveDataSendCommandsWithAcksAndShowADeviceGoingOffline(@TempDir Path profile)
      throws Exception {
    DashboardRig rig =
        new DashboardRig(broker.url(), "pendulum-1", HttpBinding.parse(":0", null, null));
    ChromeDriver driver = chromium(profile);
    try {
      driver.get(rig.dashboard.url().toString());
      assertEquals("Reflex dashboard", driver.getTitle());
      // the charts receive points: counters the page keeps, and each canvas's data-points
      waitFor(
          () ->
              number(driver, "document.body.dataset.signalPoints") > 300
                  && number(driver, "document.body.dataset.learningPoints") >= 5
                  && number(driver, "document.body.dataset.loopPoints") >= 5,
          30_000,
          "signals, learning and loop points in the page");
      for (String chart :
          new String[] {"returns", "losses", "exploration", "loop", "observation", "action"}) {
        long points =
            number(driver, "document.getElementById('chart-" + chart + "').dataset.points");
        assertTrue(points > 0, chart + " chart has points: " + points);
      }
      // noise-free evaluations: a point on the returns chart only when one finished (the
      // device's evaluations counter changed), not one per learning message
      String pendulum = "reflexDashboard.devices.get('pendulum-1')";
      String evalSeries = pendulum + ".returns['evaluation return (no noise)'].points";
      waitFor(
          () -> number(driver, evalSeries + ".length") >= 2,
          30_000,
          "two evaluation points on the returns chart");
      Object counts =
          js(
              driver,
              "const d = "
                  + pendulum
                  + "; return [d.returns['evaluation return (no noise)'].points.length,"
                  + " d.evaluations, d.returns['episode return'].points.length,"
                  + " d.returns['evaluation return (no noise)'].points.every(p => p.y !== null)];");
      java.util.List<?> c = (java.util.List<?>) counts;
      long evalPoints = ((Number) c.get(0)).longValue();
      long evaluations = ((Number) c.get(1)).longValue();
      long episodePoints = ((Number) c.get(2)).longValue();
      assertTrue(evalPoints <= evaluations, evalPoints + " points for " + evaluations + " evals");
      assertTrue(evalPoints < episodePoints, evalPoints + " eval vs " + episodePoints + " episode");
      assertEquals(Boolean.TRUE, c.get(3), "every evaluation point has a return");
      // and a badge by the device's name while it evaluates, gone when it learns again
      String badgeShown = "return !document.getElementById('device-evaluating').hidden;";
      waitFor(() -> Boolean.TRUE.equals(js(driver, badgeShown)), 15_000, "the evaluating badge");
      screenshot(driver, "evaluating.png");
      waitFor(() -> Boolean.FALSE.equals(js(driver, badgeShown)), 15_000, "the badge hidden");

      // the fleet table is redrawn as data comes: read it in one script, not through an element
      assertEquals("online", fleetState(driver, "pendulum-1"));
      assertEquals("live", driver.findElement(By.id("connection")).getText());
      screenshot(driver, "live.png");

      // a command: the confirmation dialog, then the acks in the command table
      WebElement scale = driver.findElement(By.id("arg-scale"));
      scale.clear();
      scale.sendKeys("0.3");
      driver.findElement(By.cssSelector("button[data-command='set-exploration']")).click();
      assertEquals(Boolean.TRUE, js(driver, "return document.getElementById('confirm').open;"));
      assertTrue(
          driver
              .findElement(By.id("confirm-text"))
              .getText()
              .contains("set-exploration (scale 0.3) to pendulum-1"));
      screenshot(driver, "confirm.png");
      driver.findElement(By.id("confirm-send")).click();
      waitFor(() -> commandStatus(driver, 0).equals("done"), 15_000, "the done ack in the page");
      Command applied = rig.device.applied.poll();
      assertTrue(
          applied instanceof Command.SetExploration s && s.scale() == 0.3,
          "the device applied " + applied);

      // a command the device fails: its failed ack is shown
      driver.findElement(By.cssSelector("button[data-command='rollback']")).click();
      driver.findElement(By.id("confirm-send")).click();
      waitFor(() -> commandStatus(driver, 0).equals("failed"), 15_000, "the failed ack");
      assertTrue(
          driver
              .findElement(By.cssSelector("#command-rows tr td:nth-child(3)"))
              .getText()
              .contains("no checkpoint v0"));

      // cancelling sends nothing
      driver.findElement(By.cssSelector("button[data-command='enter-safe']")).click();
      driver.findElement(By.id("confirm-cancel")).click();
      Thread.sleep(500);
      assertEquals(2L, number(driver, "document.querySelectorAll('#command-rows tr').length"));
      screenshot(driver, "command.png");

      // 20,000 signal frames of another device at once: the buffers stay bounded, the tab answers
      ObjectMapper json = new ObjectMapper();
      long before = number(driver, "document.body.dataset.signalPoints");
      long redrawsBefore = number(driver, "reflexDashboard.redraws");
      long floodStartNs = System.nanoTime();
      long t0 = System.currentTimeMillis() - 20_000;
      for (int i = 0; i < 20_000; i++) {
        ObjectNode body = json.createObjectNode();
        body.put("ts", t0 + i);
        body.put("obs_x", Math.sin(i / 100.0));
        body.put("act_u", Math.cos(i / 100.0));
        body.put("reward", -1.0);
        rig.dashboard.accept("flood", "signals", body);
      }
      waitFor(
          () -> number(driver, "document.body.dataset.signalPoints") >= before + 20_000,
          30_000,
          "the flood in the page");
      long floodMs = (System.nanoTime() - floodStartNs) / 1_000_000;
      long redraws = number(driver, "reflexDashboard.redraws") - redrawsBefore;
      String figure =
          "20000 signal frames: in the page after "
              + floodMs
              + " ms (server to browser, parsed, buffered); chart redraws meanwhile: "
              + redraws
              + System.lineSeparator();
      Files.createDirectories(SHOTS);
      Files.writeString(SHOTS.resolve("flood.txt"), figure);
      System.out.print("DashboardBrowserTest: " + figure);
      long kept =
          number(driver, "reflexDashboard.devices.get('flood').observation.x.points.length");
      assertTrue(kept > 0 && kept <= 3000 * 5 / 4, "a bounded buffer: " + kept);

      // the device goes away cleanly: its retained status says offline
      rig.device.close();
      waitFor(
          () ->
              "offline"
                  .equals(
                      js(
                          driver,
                          "const c = document.querySelector(\"#fleet-rows tr[data-device='pendulum-1'] td.state\");"
                              + " return c && c.textContent;")),
          15_000,
          "pendulum-1 shown offline");
      screenshot(driver, "offline.png");
    } finally {
      driver.quit();
      rig.close();
    }
  }

  @Test
  void shouldDrawARunBoundaryAsAGapAndShowTheBaselineToALateDashboard(@TempDir Path profile)
      throws Exception {
    String id = "pendulum-late";
    String d = "reflexDashboard.devices.get('" + id + "')";
    SimulatedDevice first = new SimulatedDevice(broker.url(), id).withBaseline(-180.456).start();
    Thread.sleep(2000); // the baseline event is long gone when the dashboard starts
    DashboardRig rig = new DashboardRig(broker.url(), null, HttpBinding.parse(":0", null, null));
    ChromeDriver driver = chromium(profile);
    SimulatedDevice second = null;
    boolean firstClosed = false;
    try {
      driver.get(rig.dashboard.url().toString());
      // the retained summary brings the baseline: a value, a line on the returns chart, the text
      waitFor(
          () -> number(driver, d + " && " + d + ".returns.baseline.points.length") >= 2,
          20_000,
          "the baseline line from the retained summary");
      assertEquals(-180.456, ((Number) js(driver, "return " + d + ".baseline;")).doubleValue());
      // the broker is shared with the other test: pick this device in the fleet table, once the
      // next animation frame has drawn its row (the model has the device before the table does)
      String row = "document.querySelector(\"#fleet-rows tr[data-device='" + id + "']\")";
      waitFor(
          () -> Boolean.TRUE.equals(js(driver, "return " + row + " != null;")),
          5_000,
          id + "'s row");
      js(driver, row + ".click();");
      waitFor(
          () ->
              String.valueOf(
                      js(driver, "return document.getElementById('device-summary').textContent;"))
                  .contains("baseline -180.46"),
          5_000,
          "the rounded baseline by the device's name");
      assertEquals("live", driver.findElement(By.id("connection")).getText());

      // the run ends: the badge follows the device, and the lines end
      first.close();
      firstClosed = true;
      waitFor(
          () -> "offline".equals(driver.findElement(By.id("connection")).getText()),
          10_000,
          "the header badge offline with the device");
      long endOfFirstMs = System.currentTimeMillis();
      Thread.sleep(1500);
      // a new run of the same device: a new segment on every chart, never a line across the gap
      second = new SimulatedDevice(broker.url(), id).start();
      waitFor(
          () ->
              number(driver, d + ".returns['episode return'].segments().length") >= 2
                  && number(driver, d + ".loop.p99.segments().length") >= 2,
          20_000,
          "a second segment on the returns and loop charts");
      assertEquals(2L, number(driver, d + ".runs"));
      java.util.List<?> edges =
          (java.util.List<?>)
              js(
                  driver,
                  "const s = "
                      + d
                      + ".returns['episode return'].segments();"
                      + " return [s[0].at(-1).x, s[1][0].x];");
      long lastOfFirst = ((Number) edges.get(0)).longValue();
      long firstOfSecond = ((Number) edges.get(1)).longValue();
      assertTrue(lastOfFirst <= endOfFirstMs, "segment 1 ends with run 1: " + lastOfFirst);
      assertTrue(firstOfSecond > endOfFirstMs, "segment 2 starts with run 2: " + firstOfSecond);
      assertEquals(
          Boolean.FALSE,
          js(driver, "return Chart.getChart('chart-returns').options.spanGaps;"),
          "gaps are not spanned");
      assertEquals(
          Boolean.TRUE,
          js(driver, "return " + d + ".baseline == null;"),
          "the first run's baseline does not carry over to the second");
      waitFor(
          () -> "live".equals(driver.findElement(By.id("connection")).getText()),
          10_000,
          "the badge live again with the new run");
      screenshot(driver, "run-boundary.png");
    } finally {
      driver.quit();
      if (second != null) {
        second.close();
      }
      if (!firstClosed) {
        first.close();
      }
      rig.close();
    }
  }
}
