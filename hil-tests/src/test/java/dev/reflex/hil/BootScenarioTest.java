package dev.reflex.hil;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle: the controller boots before a part it needs. Without its broker: the loop controls the
 * plant from the start (the emulator's record), the run says once which broker it waits for and
 * once that it connected, telemetry arrives once the broker is up (the observer), deadline misses
 * do not change at the connect, and the run ends healthy. Without its plant: the controller holds
 * the safe action until frames come, controls after, allocates nothing per tick, and ends healthy.
 */
@Tag("hil")
class BootScenarioTest {
  /** Ticks before the loop counts the control thread's allocations (Controller's warm-up). */
  static final int WARM_UP_TICKS = 300;

  @Test
  void shouldRunWithoutTheBrokerAndPublishOnceItStarts() throws Exception {
    String scenario = "lifecycle-boot-without-broker";
    try (HilRig rig =
        HilRig.open(
            scenario,
            "boot without the broker, then start it: control from the start, one waiting line,"
                + " telemetry arrives, misses unchanged")) {
      HilAssumptions.requireRunCommand(rig.layout(), scenario);
      HilAssumptions.requirePendulumActor(rig.layout(), scenario);
      ScenarioReport r = rig.report();
      String device = "hil-" + scenario;
      // not started yet; its URL (port) is fixed now
      MqttBroker broker =
          rig.useBroker(
              MqttBroker.mosquittoInstalled()
                  ? MosquittoRigBroker.anonymous(rig.work().resolve("broker"))
                  : InJvmBroker.onFreePort());
      HilConfig config = rig.pendulumConfig(device);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      RigProcess plant = rig.startEmulator(rig.emulator().seed(21));
      Path report = rig.dir().resolve("runtime-report.json");
      RigProcess controller =
          rig.startController(
              "runtime", new ControllerSpec(configFile).duration("10s").seed(21).report(report));
      controller.awaitOutput(
          "waiting for the MQTT broker at " + broker.url(), Duration.ofSeconds(30));
      rig.sleepMs(2500);
      double brokerS = rig.event("broker started");
      long brokerMs = System.currentTimeMillis();
      broker.start();
      TelemetryObserver observer = rig.observe(device);
      controller.awaitOutput("connected to " + broker.url(), Duration.ofSeconds(20));
      Observed online =
          observer.await(
              m -> m.on("status") && m.text("state").equals("online"),
              0,
              20_000,
              "status online after the broker started");
      r.figure("status_online_after_broker_s", (online.receivedMs() - brokerMs) / 1000.0);
      observer.await(m -> m.on("telemetry/loop"), 0, 20_000, "telemetry/loop");
      int exit = controller.awaitExit(Duration.ofSeconds(60));
      r.check(
          "controller exits 0 (healthy: telemetry is not needed to control)",
          exit == 0,
          "exit " + exit);
      String err = controller.stderr();
      long waiting = err.lines().filter(l -> l.contains("waiting for the MQTT broker at")).count();
      long connected = err.lines().filter(l -> l.contains("telemetry: connected to")).count();
      r.check("one line names the broker it waits for", waiting == 1, err);
      r.check("one line says it connected", connected == 1, err);
      List<Observed> loop = observer.on("telemetry/loop");
      r.atLeast("telemetry/loop messages after the broker started (observer)", loop.size(), 3);
      double firstMisses = loop.isEmpty() ? Double.NaN : loop.getFirst().number("deadline_misses");
      double lastMisses = loop.isEmpty() ? Double.NaN : loop.getLast().number("deadline_misses");
      r.figure("deadline_misses_first_observed", firstMisses);
      r.figure("deadline_misses_last_observed", lastMisses);
      LoopChecks.assertOnTime(rig, observer, config);
      rig.sleepMs(300);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      Trajectory t = rig.trajectory();
      double[] accepted = t.column("actuator_frames_accepted");
      int atBroker = Math.min(t.indexAt(brokerS), t.rows() - 1);
      r.atLeast(
          "emulator accepted frames before the broker existed (its record)",
          accepted[atBroker],
          100);
      r.atLeast(
          "and after (its record)", t.last("actuator_frames_accepted") - accepted[atBroker], 300);
      notPerTick(r, RuntimeReport.read(report));
      rig.assertAllChecksPassed();
    }
  }

  @Test
  void shouldHoldTheSafeActionUntilThePlantStartsThenControl() throws Exception {
    String scenario = "lifecycle-boot-without-plant";
    try (HilRig rig =
        HilRig.open(
            scenario,
            "boot without the plant, then start it: safe action until frames, control after,"
                + " 0 B/tick")) {
      HilAssumptions.requireRunCommand(rig.layout(), scenario);
      HilAssumptions.requirePendulumActor(rig.layout(), scenario);
      ScenarioReport r = rig.report();
      r.note(
          "Needs the UDP link's fix for an absent peer (branch hostile: no exception per tick,"
              + " one line naming the address it waits for); before it, the allocation check and"
              + " the waiting line fail.");
      String device = "hil-" + scenario;
      rig.startBroker();
      TelemetryObserver observer = rig.observe(device);
      HilConfig config = rig.pendulumConfig(device);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      double safe = config.get("action").get(0).path("safe").asDouble(0.0);
      Path report = rig.dir().resolve("runtime-report.json");
      RigProcess controller =
          rig.startController(
              "runtime", new ControllerSpec(configFile).duration("16s").seed(22).report(report));
      // past the loop's allocation warm-up (300 ticks), then 3 s more of waiting for the plant
      observer.await(
          m -> m.on("telemetry/loop") && m.number("ticks") > WARM_UP_TICKS + 100,
          0,
          40_000,
          "telemetry/loop past the warm-up, before the plant");
      rig.sleepMs(3000);
      long plantMs = System.currentTimeMillis();
      RigProcess plant = rig.startEmulator(rig.emulator().seed(22));
      double plantS = rig.event("plant started");
      int exit = controller.awaitExit(Duration.ofSeconds(60));
      rig.sleepMs(300);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      r.check("controller exits 0 (healthy at the end)", exit == 0, "exit " + exit);
      String err = controller.stderr();
      r.check(
          "a line names the plant address it waits for",
          err.lines().anyMatch(l -> l.contains("waiting") && l.contains("127.0.0.1:")),
          err);
      Trajectory t = rig.trajectory();
      double[] torque = t.column("applied_torque_nm");
      double[] accepted = t.column("actuator_frames_accepted");
      int firstFrame = -1;
      for (int i = 0; i < t.rows() && firstFrame < 0; i++) {
        firstFrame = accepted[i] >= 1 ? i : -1;
      }
      r.check("emulator accepted frames after it started (its record)", firstFrame >= 0, "");
      if (firstFrame >= 0) {
        r.figure("first_frame_at_s", t.timeS()[firstFrame] - plantS);
        double moved = t.maxAbs(torque, t.timeS()[firstFrame] + 1, t.endS());
        r.figure("max_abs_torque_after_frames_nm", moved);
        r.atLeast(
            "controller controls once frames come (non-safe torque, its record)",
            Math.abs(moved - safe),
            1e-3);
      }
      long before = 0;
      long notSafe = 0;
      for (Observed m : observer.on("telemetry/signals")) {
        if (m.ts() < plantMs - 200) {
          before++;
          notSafe += m.number("act_torque") == safe ? 0 : 1;
        }
      }
      r.atLeast("signals observed before the plant existed (observer)", before, 20);
      r.atMost("of them, actions other than the safe torque (observer)", notSafe, 0);
      notPerTick(r, RuntimeReport.read(report));
      rig.assertAllChecksPassed();
    }
  }

  @Test
  void shouldHoldTheSafeActionWhileTheSensorIsSilentAtBootThenControl() throws Exception {
    String scenario = "lifecycle-boot-sensor-silent";
    double silentToS = 12.0;
    try (HilRig rig =
        HilRig.open(
            scenario,
            "the plant is up but its sensor frames are lost from boot to "
                + silentToS
                + " s: safe action until they come, control after, not per tick")) {
      HilAssumptions.requireRunCommand(rig.layout(), scenario);
      HilAssumptions.requirePendulumActor(rig.layout(), scenario);
      ScenarioReport r = rig.report();
      String device = "hil-" + scenario;
      rig.startBroker();
      TelemetryObserver observer = rig.observe(device);
      HilConfig config = rig.pendulumConfig(device);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      double safe = config.get("action").get(0).path("safe").asDouble(0.0);
      Path faults = rig.work().resolve("faults.json");
      java.nio.file.Files.writeString(
          faults,
          "{\"faults\":[{\"type\":\"drop\",\"start_s\":0,\"end_s\":"
              + silentToS
              + ",\"probability\":1}]}");
      RigProcess plant = rig.startEmulator(rig.emulator().seed(23).faults(faults));
      rig.eventAt("sensor frames back", silentToS);
      Path report = rig.dir().resolve("runtime-report.json");
      RigProcess controller =
          rig.startController(
              "runtime", new ControllerSpec(configFile).duration("16s").seed(23).report(report));
      int exit = controller.awaitExit(Duration.ofSeconds(90));
      rig.sleepMs(300);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      r.check("controller exits 0 (healthy at the end)", exit == 0, "exit " + exit);
      long backMs = rig.plantZeroMs() + (long) (silentToS * 1000);
      long before = 0;
      long notSafe = 0;
      for (Observed m : observer.on("telemetry/signals")) {
        if (m.ts() < backMs - 200) {
          before++;
          notSafe += m.number("act_torque") == safe ? 0 : 1;
        }
      }
      r.atLeast("signals observed while the sensor was silent (observer)", before, 20);
      r.atMost("of them, actions other than the safe torque (observer)", notSafe, 0);
      r.check(
          "the run said what it lacked (a SENSOR_STALE fault line) and that it cleared",
          controller.stderr().contains("fault: SENSOR_STALE")
              && controller.stderr().contains("faults cleared"),
          controller.stderr());
      Trajectory t = rig.trajectory();
      double moved = t.maxAbs(t.column("applied_torque_nm"), silentToS + 1, t.endS());
      r.figure("max_abs_torque_after_sensor_back_nm", moved);
      r.atLeast(
          "controller controls once sensor frames come (non-safe torque, its record)",
          Math.abs(moved - safe),
          1e-3);
      notPerTick(r, RuntimeReport.read(report));
      rig.assertAllChecksPassed();
    }
  }

  /**
   * Nothing allocated per tick: the control thread's bytes after the warm-up (the report) stay
   * below one 16-byte object per measured tick. What a short run still shows are the JIT's one-off
   * allocations when C2 compiles a new path on the control thread (the plant appearing is one); the
   * exact 0 over 100,000 ticks is asserted by LoopAllocationTest. (telemetry/loop's
   * control_alloc_bytes reads 0 until the loop has stopped, so the observer cannot show it.) The
   * issue saw 146,656 bytes after 5 s without the plant: ~730 bytes per tick.
   */
  static void notPerTick(ScenarioReport r, RuntimeReport report) {
    double bytes = report.number("control_thread_allocated_bytes_after_warmup");
    double measured = report.number("ticks") - WARM_UP_TICKS;
    r.figure("control_thread_allocated_bytes_after_warmup", bytes);
    r.figure("ticks_measured_after_warmup", measured);
    r.atLeast("ticks measured after the warm-up (report)", measured, 300);
    r.atMost(
        "control thread allocated less than one 16-byte object per tick after warm-up (report)",
        bytes,
        16 * measured - 1);
  }
}
