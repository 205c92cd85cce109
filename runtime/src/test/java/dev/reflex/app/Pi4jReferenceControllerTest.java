package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.config.ControllerConfig;
import dev.reflex.config.PlantConfig;
import dev.reflex.format.ActorFile;
import dev.reflex.loop.LoopCycle;
import dev.reflex.loop.LoopInvoker;
import dev.reflex.loop.ManualClock;
import dev.reflex.loop.ManualClockWait;
import dev.reflex.loop.RateLimitedErrorLog;
import dev.reflex.loop.SpscRing;
import dev.reflex.loop.StepRecord;
import dev.reflex.loop.TickFlags;
import dev.reflex.plant.pi4j.MockBoard;
import dev.reflex.safety.FaultKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two Pi reference controllers, loaded from firmware-config/controllers, built by the
 * composition root ({@link Controller#build}) with their plant on a {@link MockBoard}, and run for
 * a few hundred ticks of their real control tick on a manual clock (so a busy machine cannot make a
 * deadline miss). Checks that commands reach the chips and readings reach the observation.
 */
class Pi4jReferenceControllerTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private MockBoard board;
  private Controller controller;

  @AfterEach
  void shutdown() {
    if (controller != null) {
      controller.lifecycle.shutdown("test over");
    }
    if (board != null) {
      board.close();
    }
  }

  private Controller build(ControllerConfig shipped) throws Exception {
    ControllerConfig config = RunOverrides.apply(shipped, false, null);
    board = new MockBoard(dir.resolve("pwm"));
    controller =
        Controller.build(
            config,
            ActorFile.read(config.actorFile()),
            config.actorFile(),
            1,
            null,
            null,
            false,
            new PrintStream(logBytes, true),
            (c, seed) ->
                Pi4jPlantFactory.open(
                    c, (PlantConfig.Pi4j) c.plant(), dir.toString(), board::open));
    return controller;
  }

  /** The controller's own tick, scheduled by a manual clock. */
  private static LoopInvoker manualLoop(Controller c) {
    ManualClock clock = new ManualClock(0);
    LoopCycle real = c.lifecycle.cycle();
    return new LoopInvoker(
        new LoopCycle(
            real.tick(),
            c.config.loop().periodNs(),
            new ManualClockWait(clock),
            clock,
            real.stats(),
            new RateLimitedErrorLog(1_000_000_000L, clock)));
  }

  /** Runs one tick and returns its step record. */
  private static double[] tick(LoopInvoker loop, Controller c, double[] record) {
    assertEquals(1, loop.run(1));
    SpscRing steps = c.lifecycle.steps();
    double[] last = null;
    while (steps.poll(record)) {
      last = record;
    }
    assertTrue(last != null, "the tick published its step");
    return record;
  }

  @Test
  void shouldStartTheDcMotorServoAndCloseTheLoopThroughEncoderAndHBridge() throws Exception {
    Controller c = build(ShippedControllers.load(dir, "dc-motor-pi5.yaml", 2, 1, -12, 12));
    StepRecord layout = new StepRecord(2, 1);
    double[] record = new double[layout.width()];
    LoopInvoker loop = manualLoop(c);
    Set<Long> duties = new HashSet<>();
    int counts = 0;
    for (int i = 0; i < 400; i++) {
      if (i % 2 == 0) {
        board.turnEncoder(23, 24, 3);
        counts += 3;
      }
      tick(loop, c, record);
      assertEquals(0, StepRecord.flags(record) & TickFlags.FAULTED, "tick " + i);
      double thetaRad = record[StepRecord.OBSERVATION];
      assertEquals(counts * 2 * Math.PI / 1200, thetaRad, 1e-12, "encoder reached theta");
      double volts = record[layout.actionOffset()];
      long dutyNs = board.pwmDutyNs(0);
      assertEquals(Math.abs(volts) / 12 * 50_000, dutyNs, 1.0, "duty of the 20 kHz period");
      if (Math.abs(volts) > 1e-9) {
        assertEquals(volts > 0, board.outputHigh(5), "in1 high forward");
        assertEquals(volts < 0, board.outputHigh(6), "in2 high reverse");
      }
      duties.add(dutyNs);
    }
    assertTrue(duties.size() > 20, "the actor's commands changed the duty: " + duties.size());
    assertTrue(record[StepRecord.OBSERVATION + 1] > 0.1, "theta_dot saw the shaft turn forward");
    assertEquals(50_000, board.pwmPeriodNs(0));
    assertEquals(0, c.faultMask());
  }

  @Test
  void shouldStartThePca9685ServoAndReadTheAs5600() throws Exception {
    Controller c =
        build(ShippedControllers.load(dir, "servo-pca9685-as5600.yaml", 3, 1, 1100, 1900));
    StepRecord layout = new StepRecord(3, 1);
    double[] record = new double[layout.width()];
    LoopInvoker loop = manualLoop(c);
    Set<Long> pulses = new HashSet<>();
    double countRad = 2 * Math.PI / 4096;
    for (int i = 0; i < 300; i++) {
      double angleRad = 0.02 * i;
      board.setMagnetAngleRad(1, 0x36, angleRad);
      tick(loop, c, record);
      assertEquals(0, StepRecord.flags(record) & TickFlags.FAULTED, "tick " + i);
      assertEquals(Math.cos(angleRad), record[StepRecord.OBSERVATION], countRad, "cos_theta");
      assertEquals(Math.sin(angleRad), record[StepRecord.OBSERVATION + 1], countRad, "sin_theta");
      double pulseUs = record[layout.actionOffset()];
      assertTrue(pulseUs >= 1100 && pulseUs <= 1900, "within the action limits: " + pulseUs);
      double outputUs = board.pca9685PulseUs(1, 0x40, 0);
      assertEquals(pulseUs, outputUs, 1e6 / 200 / 4096 * 1.05, "one count of the period");
      pulses.add(Math.round(outputUs));
    }
    assertTrue(pulses.size() > 20, "the actor's commands changed the pulse: " + pulses.size());
    assertTrue(record[StepRecord.OBSERVATION + 2] > 0, "theta_dot saw the magnet turn");
    assertEquals(0, c.faultMask());
  }

  @Test
  void shouldDriveTheServoSafeAndLatchAFaultWhenTheMagnetIsMissing() throws Exception {
    Controller c =
        build(ShippedControllers.load(dir, "servo-pca9685-as5600.yaml", 3, 1, 1100, 1900));
    StepRecord layout = new StepRecord(3, 1);
    double[] record = new double[layout.width()];
    LoopInvoker loop = manualLoop(c);
    board.setMagnetAngleRad(1, 0x36, 1.0);
    for (int i = 0; i < 50; i++) {
      tick(loop, c, record);
    }
    assertTrue(board.pca9685PulseUs(1, 0x40, 0) > 1000, "running: the servo gets pulses");

    board.setMagnetPresent(1, 0x36, false);
    tick(loop, c, record);
    assertTrue((StepRecord.flags(record) & TickFlags.FAULTED) != 0, "faulted");
    assertEquals(1500, record[layout.actionOffset()], "the safe action");
    assertEquals(0, board.pca9685PulseUs(1, 0x40, 0), "the channel is full off (de-energised)");
    assertTrue((c.faultMask() & FaultKind.SENSOR_FAILED.bit()) != 0, "fault: " + c.faultMask());
  }
}
