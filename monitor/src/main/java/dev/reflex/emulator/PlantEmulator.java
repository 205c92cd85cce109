package dev.reflex.emulator;

import dev.reflex.network.Rng;
import dev.reflex.plant.sim.EpisodeStepper;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.plant.udp.FrameAuth;
import dev.reflex.plant.udp.FrameCodec;
import dev.reflex.plant.udp.FrameReceiver;
import dev.reflex.plant.udp.SessionIds;
import dev.reflex.plant.udp.UdpChannels;
import dev.reflex.plant.udp.UdpCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plant on the other end of the UDP link, for hardware-in-the-loop tests: each {@link #tick}
 * takes the newest actuator frame from the runtime (zero-order hold; zero action when none arrived
 * within the actuator timeout), steps a {@link SimPlant} by one period, and sends its observation
 * as a sensor frame, with the scheduled faults applied (see {@link EmulatedFaultKind}). The plant
 * is reset (seeded) when it terminates; the next frame carries {@link
 * FrameCodec#FLAG_EPISODE_START}.
 *
 * <p>Time comes from the caller ({@link #tick}'s {@code nowNs}): tests drive it with a manual
 * clock, {@link EmulatorRunner} with an absolute-time real-time schedule. Fault times are seconds
 * since the first tick.
 *
 * <p>Threading: one thread (the runner's or the test's). Not the board's control loop: recording
 * allocates.
 */
public final class PlantEmulator implements AutoCloseable {
  private static final int WRONG_VERSION_BYTE = FrameCodec.VERSION + 1;

  private final SimPlant plant;
  private final EpisodeStepper stepper;
  private final long periodNs;
  private final long actuatorTimeoutNs;
  private final FaultSchedule faults;

  /** Consecutive frames each per-frame fault has hit, for its {@code max_run} cap. */
  private final int[] hitRun;

  private final TrajectoryRecorder recorder;
  private final DatagramChannel channel;
  private final EmulatorCounters counters = new EmulatorCounters();
  private final UdpCounters actuatorCounters = new UdpCounters();
  private final FrameReceiver receiver;
  private final SensorFrameSender sender;
  private final FrameCodec codec;
  private final ByteBuffer tx;
  private final Rng resetRng;
  private final Rng faultRng;
  private final double[] observation;
  private final double[] sent;
  private final double[] frozen;
  private final double[] applied;
  private final double[] previousParameter;
  private final List<Double> episodeReturns = new ArrayList<>();
  private long startNs;
  private boolean started;
  private final int sessionId = SessionIds.draw();
  private long nextSequence;
  private boolean episodeStart = true;
  private double lastReward;
  private double totalReturn;
  private double timeS;
  private long episodeTicks;
  private long ticksInEpisode;

  /**
   * Binds the socket and resets the plant from {@code seed}.
   *
   * @param plant the simulated plant; owned by the emulator from now on
   * @param listen local address for actuator frames (port 0 for any free port)
   * @param peer the runtime's address, where sensor frames go
   * @param periodNs physics step and frame period, in nanoseconds
   * @param actuatorTimeoutNs an actuator frame older than this no longer drives the plant
   * @param seed seeds the plant's resets and the faults' random draws
   * @param faults the fault schedule (validated against {@code plant} here)
   * @param recorder trajectory CSV, or null
   * @throws IOException naming the addresses when the socket cannot be bound
   */
  public PlantEmulator(
      SimPlant plant,
      InetSocketAddress listen,
      InetSocketAddress peer,
      long periodNs,
      long actuatorTimeoutNs,
      long seed,
      FaultSchedule faults,
      TrajectoryRecorder recorder)
      throws IOException {
    this(plant, listen, peer, periodNs, actuatorTimeoutNs, seed, faults, recorder, null);
  }

  /**
   * As the constructor without {@code auth}, in the authenticated mode when {@code auth} is not
   * null (docs/udp-frames.md, "Authenticated frames").
   *
   * @param auth the shared key's tagger (copied per use), or null
   */
  public PlantEmulator(
      SimPlant plant,
      InetSocketAddress listen,
      InetSocketAddress peer,
      long periodNs,
      long actuatorTimeoutNs,
      long seed,
      FaultSchedule faults,
      TrajectoryRecorder recorder,
      FrameAuth auth)
      throws IOException {
    if (periodNs <= 0 || actuatorTimeoutNs <= 0) {
      throw new IllegalArgumentException(
          "periodNs " + periodNs + " and actuatorTimeoutNs " + actuatorTimeoutNs + " must be > 0");
    }
    faults.validateFor(plant);
    this.plant = plant;
    this.periodNs = periodNs;
    this.stepper = new EpisodeStepper(plant, periodNs * 1e-9, 0);
    this.actuatorTimeoutNs = actuatorTimeoutNs;
    this.faults = faults;
    this.recorder = recorder;
    this.channel = UdpChannels.open(listen, peer);
    this.receiver =
        new FrameReceiver(
            channel,
            peer,
            FrameCodec.TYPE_ACTUATORS,
            plant.actionSize(),
            actuatorCounters,
            auth == null ? null : auth.copy());
    this.codec = new FrameCodec(auth == null ? null : auth.copy());
    int frameBytes = codec.frameBytesInMode(plant.observationSize());
    this.sender = new SensorFrameSender(channel, peer, frameBytes, counters);
    this.tx = ByteBuffer.allocateDirect(frameBytes);
    this.resetRng = new Rng(seed);
    this.faultRng = new Rng(seed ^ 0x5deece66dL);
    this.observation = new double[plant.observationSize()];
    this.sent = new double[plant.observationSize()];
    this.frozen = new double[plant.observationSize()];
    this.applied = new double[plant.actionSize()];
    this.previousParameter = new double[faults.size()];
    this.hitRun = new int[faults.size()];
    stepper.reset(resetRng);
    counters.episodes = 1;
  }

  /**
   * Steps the plant by {@code seconds} of plant time per period instead of the period itself: a
   * time-scaled plant (e.g. 50 ms per 10 ms frame runs the pendulum 5× faster than real time, at
   * the step its actor was trained with). Fault times and the record's time column stay in wall
   * time.
   */
  public void setStepSeconds(double seconds) {
    stepper.setDtSeconds(seconds);
  }

  /**
   * Resets the plant (seeded, as on termination) every {@code ticks} periods as well: the plant's
   * own time limit, like a test rig that puts the pendulum back. The next sensor frame carries
   * {@link FrameCodec#FLAG_EPISODE_START}.
   *
   * @param ticks periods per episode; 0 resets only on termination
   */
  public void setEpisodeTicks(long ticks) {
    if (ticks < 0) {
      throw new IllegalArgumentException("episode length " + ticks + " ticks must be >= 0");
    }
    episodeTicks = ticks;
  }

  /**
   * One period: apply the fault schedule, take the newest actuator command, step the plant (from
   * the second tick on), send the observation, release delayed frames, record.
   *
   * @param nowNs the emulator's clock, in nanoseconds; the first call defines time 0
   */
  public void tick(long nowNs) {
    if (!started) {
      startNs = nowNs;
      started = true;
    }
    timeS = (nowNs - startNs) * 1e-9;
    faults.update(timeS);
    applyParameterFaults();

    pollActuators(nowNs);
    boolean fresh = receiver.isFresh(nowNs, actuatorTimeoutNs);
    if (fresh) {
      receiver.copyNewest(applied);
    } else {
      java.util.Arrays.fill(applied, 0.0);
      counters.actuatorTimeouts++;
    }
    applyActuatorFaults();

    lastReward = 0.0;
    if (counters.ticks > 0) {
      lastReward = stepper.step(applied);
      totalReturn += lastReward;
    }
    counters.ticks++;
    boolean terminated = plant.terminated();
    plant.observe(observation);
    sendObservation(nowNs, terminated);
    if (recorder != null) {
      recorder.record(
          timeS,
          observation,
          applied,
          lastReward,
          faults.activeNames(),
          counters,
          actuatorCounters,
          fresh);
    }
    // The episode length counts periods, not physics steps: the first period has no step.
    ticksInEpisode++;
    if (terminated || (episodeTicks > 0 && ticksInEpisode >= episodeTicks)) {
      ticksInEpisode = 0;
      episodeReturns.add(stepper.episodeReturn());
      stepper.reset(resetRng);
      counters.episodes++;
      episodeStart = true;
    }
  }

  private void applyParameterFaults() {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (f.kind() != EmulatedFaultKind.SET_PARAMETER) {
        continue;
      }
      if (faults.justStarted(i)) {
        previousParameter[i] = plant.parameters().get(f.parameter());
        plant.setParameter(f.parameter(), f.value());
      } else if (faults.justEnded(i)) {
        plant.setParameter(f.parameter(), previousParameter[i]);
      }
    }
  }

  private void applyActuatorFaults() {
    boolean faulted = false;
    for (int i = 0; i < faults.size(); i++) {
      if (!faults.isActive(i)) {
        continue;
      }
      Fault f = faults.get(i);
      if (f.kind() == EmulatedFaultKind.ACTUATOR_IGNORE) {
        java.util.Arrays.fill(applied, 0.0);
        faulted = true;
      } else if (f.kind() == EmulatedFaultKind.ACTUATOR_SATURATE) {
        for (int a = 0; a < applied.length; a++) {
          applied[a] = Math.max(-f.value(), Math.min(f.value(), applied[a]));
        }
        faulted = true;
      }
    }
    if (faulted) {
      counters.actuatorFaulted++;
    }
  }

  private void sendObservation(long nowNs, boolean terminated) {
    System.arraycopy(observation, 0, sent, 0, sent.length);
    boolean drop = false;
    boolean corrupt = false;
    boolean reorder = false;
    boolean duplicate = false;
    boolean wrongVersion = false;
    long delayNs = 0;
    for (int i = 0; i < faults.size(); i++) {
      if (!faults.isActive(i)) {
        continue;
      }
      Fault f = faults.get(i);
      boolean hit = f.kind().isProbabilistic() && faultRng.nextDouble() < f.probability();
      if (hit && f.maxRun() > 0 && hitRun[i] >= f.maxRun()) {
        hit = false; // the draw is made either way: the cap does not shift the later draws
      }
      hitRun[i] = hit ? hitRun[i] + 1 : 0;
      switch (f.kind()) {
        case SENSOR_NOISE -> {
          for (int c = 0; c < sent.length; c++) {
            if (f.affects(c)) {
              sent[c] += f.value() * faultRng.nextGaussian();
            }
          }
        }
        case SENSOR_BIAS -> {
          for (int c = 0; c < sent.length; c++) {
            if (f.affects(c)) {
              sent[c] += f.value();
            }
          }
        }
        case FREEZE_SENSOR -> {
          if (faults.justStarted(i)) {
            System.arraycopy(observation, 0, frozen, 0, frozen.length);
          }
          for (int c = 0; c < sent.length; c++) {
            if (f.affects(c)) {
              sent[c] = frozen[c];
            }
          }
        }
        case DELAY -> delayNs = Math.max(delayNs, (long) (f.value() * 1e6));
        case DROP -> drop |= hit;
        case CORRUPT -> corrupt |= hit;
        case REORDER -> reorder |= hit;
        case DUPLICATE -> duplicate |= hit;
        case WRONG_VERSION -> wrongVersion |= hit;
        default -> {}
      }
    }
    int flags =
        (episodeStart ? FrameCodec.FLAG_EPISODE_START : 0)
            | (terminated ? FrameCodec.FLAG_TERMINATED : 0);
    episodeStart = false;
    int version = wrongVersion ? WRONG_VERSION_BYTE : FrameCodec.VERSION;
    codec.encode(
        version,
        FrameCodec.TYPE_SENSORS,
        flags,
        sessionId,
        nextSequence++,
        nowNs,
        sent,
        sent.length,
        tx);
    counters.sensorFramesGenerated++;
    if (wrongVersion) {
      counters.wrongVersion++;
    }
    sender.releaseDue(nowNs);
    sender.send(tx, nowNs, drop, corrupt, delayNs, reorder, duplicate);
  }

  /**
   * Drains pending actuator frames now (also done by {@link #tick}); lets a caller take a frame in
   * between ticks.
   *
   * @return frames accepted
   */
  public int pollActuators(long nowNs) {
    return receiver.poll(nowNs);
  }

  /** Sends the delayed frames due by {@code nowNs} without stepping (between ticks). */
  public void releaseDelayed(long nowNs) {
    sender.releaseDue(nowNs);
  }

  /** This emulator's session id, in every sensor frame it sends (random, non-zero). */
  public int sessionId() {
    return sessionId;
  }

  /** The runtime's session id in the newest actuator frame accepted (0 before the first). */
  public int actuatorSessionId() {
    return receiver.newestSessionId();
  }

  /** The simulated plant (state, parameters). */
  public SimPlant plant() {
    return plant;
  }

  /** The period, in nanoseconds. */
  public long periodNs() {
    return periodNs;
  }

  /** Seconds since the first tick, at the last tick. */
  public double timeS() {
    return timeS;
  }

  /** The action applied at the last tick (after timeout and actuator faults). Not to modify. */
  public double[] appliedAction() {
    return applied;
  }

  /** The plant's observation at the last tick, before sensor faults. Not to modify. */
  public double[] observation() {
    return observation;
  }

  /** The values sent at the last tick, after sensor faults. Not to modify. */
  public double[] sentValues() {
    return sent;
  }

  /** Reward of the last step. */
  public double lastReward() {
    return lastReward;
  }

  /** Sum of every reward since the start. */
  public double totalReturn() {
    return totalReturn;
  }

  /** What the emulator did to frames (live). */
  public EmulatorCounters counters() {
    return counters;
  }

  /** What the emulator received from the runtime (live). */
  public UdpCounters actuatorCounters() {
    return actuatorCounters;
  }

  /** The bound local address (the real port when bound to port 0). */
  public InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns of the finished episodes, then the running one's (allocates). */
  public List<Double> episodeReturns() {
    List<Double> returns = new ArrayList<>(episodeReturns);
    returns.add(stepper.episodeReturn());
    return returns;
  }

  /** The fault schedule. */
  public FaultSchedule faults() {
    return faults;
  }

  /** A summary for reports; see {@link EmulatorSummary#of}. */
  public Map<String, Object> summary() {
    return EmulatorSummary.of(this);
  }

  /** Writes {@link #summary()} as JSON to {@code file}. */
  public void writeSummary(Path file) {
    EmulatorSummary.write(this, file);
  }

  /** Closes the socket and the recorder. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to release
    }
    if (recorder != null) {
      recorder.close();
    }
  }
}
