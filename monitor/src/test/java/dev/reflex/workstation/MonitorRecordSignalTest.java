package dev.reflex.workstation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import dev.reflex.testing.MqttTestClient;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor --record} as a real process, stopped the way a user stops it (Ctrl-C, SIGTERM):
 * the recording keeps every message that arrived, rather than what a buffer had flushed.
 */
class MonitorRecordSignalTest {

  @Test
  void shouldKeepTheRecordingWhenTheMonitorIsTerminated(@TempDir Path dir) throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.loopback().start();
    Process monitor = null;
    try {
      Path rec = dir.resolve("rec");
      String java = ProcessHandle.current().info().command().orElse("java");
      monitor =
          new ProcessBuilder(
                  List.of(
                      java,
                      "--add-modules",
                      "jdk.incubator.vector",
                      "-cp",
                      System.getProperty("java.class.path"),
                      WorkstationMain.class.getName(),
                      "monitor",
                      "--broker",
                      broker.url(),
                      "--device",
                      "dev-sig",
                      "--record",
                      rec.toString(),
                      "--refresh",
                      "600s")) // no periodic flush during the test: only the exit can save it
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("monitor.log").toFile())
              .start();
      int sent = 0;
      try (MqttTestClient pub = new MqttTestClient(broker.url(), "pub-sig")) {
        // off a terminal the monitor says when it is connected and subscribed
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.readString(dir.resolve("monitor.log")).contains("monitor: connected to")
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        for (int i = 0; i < 20; i++) {
          publish(pub, sent++);
        }
        Thread.sleep(500); // delivered, recorded, not yet flushed by a refresh
      }
      monitor.destroy(); // SIGTERM
      assertTrue(monitor.waitFor(30, TimeUnit.SECONDS), "the monitor exits on SIGTERM");
      File csv = rec.resolve("learning.csv").toFile();
      List<String> lines = Files.readAllLines(csv.toPath(), StandardCharsets.UTF_8);
      assertTrue(
          lines.size() == 1 + 20,
          lines.size() + " lines for " + sent + " messages:\n" + String.join("\n", lines));
      assertTrue(
          lines.getLast().contains(Integer.toString(sent - 1)),
          "the last message is recorded: " + lines.getLast());
    } finally {
      if (monitor != null) {
        monitor.destroyForcibly();
      }
      broker.stop();
    }
  }

  private static void publish(MqttTestClient pub, int i) throws Exception {
    String body =
        "{\"ts\":" + System.currentTimeMillis() + ",\"updates\":" + i + ",\"episode_return\":-1}";
    pub.publish("reflex/dev-sig/telemetry/learning", body, 1, false);
  }
}
