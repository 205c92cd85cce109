package dev.reflex.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.app.Main;
import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard watching the real runtime: {@code run --config pendulum-sim.yaml} (simulated
 * pendulum, on-board learning, telemetry) in this JVM, a real broker, the monitor's subscriber and
 * the dashboard; commands from the HTTP API applied by the runtime's controller.
 */
@Tag("slow")
class DashboardRuntimeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path CONFIG = Path.of("..", "firmware-config", "controllers", "pendulum-sim.yaml");

  @Test
  void shouldShowTheRuntimeLearningAndApplyCommandsFromTheDashboard(@TempDir Path dir)
      throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.loopback().start();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread runtime =
        new Thread(
            () ->
                exit.set(
                    Main.commandLine()
                        .execute(
                            "run",
                            "--config",
                            CONFIG.toString(),
                            "--broker",
                            broker.url(),
                            "--duration",
                            "30s",
                            "--checkpoint-dir",
                            dir.resolve("checkpoints").toString())),
            "runtime");
    HttpClient http = HttpClient.newHttpClient();
    try (DashboardRig rig =
            new DashboardRig(broker.url(), null, HttpBinding.parse(":0", null, null));
        SseStream sse = new SseStream(http, rig.dashboard.url().resolve("/events"))) {
      runtime.start();
      String dev = "pendulum-sim";
      JsonNode status =
          sse.await(
                  f ->
                      f.event().equals("status")
                          && f.data().at("/body/state").asText().equals("online"),
                  20_000,
                  "the runtime online")
              .data();
      assertEquals(dev, status.get("device").textValue());
      sse.await(
          f -> f.event().equals("loop") && f.data().at("/body/ticks").longValue() > 0,
          10_000,
          "loop");
      JsonNode signals = sse.await("signals", dev, 10_000).data().get("body");
      assertTrue(
          signals.has("obs_cos_theta") && signals.has("act_torque") && signals.has("reward"),
          signals.toString());
      JsonNode learning = sse.await("learning", dev, 10_000).data().get("body");
      // the learner's evaluation state goes through TelemetryAssembly to the learning topic
      assertTrue(learning.get("evaluations").isIntegralNumber(), learning.toString());
      assertTrue(learning.has("eval_return"), learning.toString());
      long evaluating = learning.get("evaluating").longValue();
      assertTrue(evaluating == 0 || evaluating == 1, learning.toString());

      URI api = rig.dashboard.url().resolve("/api/command");
      String pause =
          command(http, api, "{\"device\":\"pendulum-sim\",\"command\":\"pause-learning\"}");
      DashboardServerTest.ackFor(sse, pause, "done");
      String resume =
          command(http, api, "{\"device\":\"pendulum-sim\",\"command\":\"resume-learning\"}");
      DashboardServerTest.ackFor(sse, resume, "done");
      // within the dashboard's cap (1.0) but above the controller's own (0.3): the device refuses
      String high =
          command(
              http,
              api,
              "{\"device\":\"pendulum-sim\",\"command\":\"set-exploration\",\"args\":{\"scale\":0.5}}");
      JsonNode rejected = DashboardServerTest.ackFor(sse, high, "rejected");
      assertEquals("out-of-range", rejected.at("/body/reason").textValue());
      String ok =
          command(
              http,
              api,
              "{\"device\":\"pendulum-sim\",\"command\":\"set-exploration\",\"args\":{\"scale\":0.2}}");
      DashboardServerTest.ackFor(sse, ok, "done");

      if (Files.isExecutable(DashboardBrowserTest.CHROMIUM)
          && Files.isExecutable(DashboardBrowserTest.CHROMEDRIVER)) {
        ChromeDriver driver = DashboardBrowserTest.chromium(dir.resolve("profile"));
        try {
          driver.get(rig.dashboard.url().toString());
          DashboardBrowserTest.waitFor(
              () ->
                  DashboardBrowserTest.number(driver, "document.body.dataset.learningPoints") >= 1
                      && DashboardBrowserTest.number(driver, "document.body.dataset.signalPoints")
                          > 0,
              20_000,
              "learning points in the page");
          Thread.sleep(3000);
          DashboardBrowserTest.screenshot(driver, "runtime-pendulum.png");
        } finally {
          driver.quit();
        }
      }
      runtime.join(60_000);
      // 0 after --duration; 3 when a loaded machine made the loop miss deadlines (a fault stop):
      // either way the runtime must end and say so on its retained status
      assertTrue(exit.get() == 0 || exit.get() == 3, "run exit status " + exit.get());
      sse.await(
          f -> f.event().equals("status") && f.data().at("/body/state").asText().equals("offline"),
          10_000,
          "the runtime offline after it stopped");
    } finally {
      runtime.join(60_000);
      broker.stop();
    }
  }

  static String command(HttpClient http, URI api, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(api)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("id").textValue();
  }
}
