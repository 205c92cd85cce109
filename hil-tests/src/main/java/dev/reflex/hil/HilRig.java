package dev.reflex.hil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * One scenario's rig: its report directory ({@code hil-tests/target/hil-reports/<scenario>/}, with
 * a {@code work/} directory for configs and checkpoints), free UDP ports for the controller and the
 * emulator, the broker, the observer and the processes — all closed (processes killed) by {@link
 * #close}. {@link #finish} writes {@code report.json}, {@code trajectory.png} and the observer's
 * {@code mqtt.jsonl}, then fails with every failed check and the processes' output.
 *
 * <p>Threading: the test thread.
 */
public final class HilRig implements AutoCloseable {
  private final ProjectLayout layout;
  private final Path dir;
  private final Path work;
  private final ScenarioReport report;
  private final int controllerPort;
  private final int plantPort;
  private final List<RigProcess> processes = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<String, Double> events = new LinkedHashMap<>();
  private MqttBroker broker;
  private TelemetryObserver observer;
  private long plantZeroMs = System.currentTimeMillis();
  private Path record;
  private boolean finished;

  private HilRig(ProjectLayout layout, String scenario, String description) {
    this.layout = layout;
    this.dir = layout.reportDir(scenario);
    deleteContents(dir);
    this.work = dir.resolve("work");
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.report = new ScenarioReport(scenario, description);
    this.controllerPort = freeUdpPort();
    int p = freeUdpPort();
    while (p == controllerPort) {
      p = freeUdpPort();
    }
    this.plantPort = p;
  }

  /** Opens a rig for {@code scenario}, emptying its report directory. */
  public static HilRig open(String scenario, String description) {
    return new HilRig(ProjectLayout.find(), scenario, description);
  }

  /** The checkout's layout. */
  public ProjectLayout layout() {
    return layout;
  }

  /** {@code hil-tests/target/hil-reports/<scenario>/}. */
  public Path dir() {
    return dir;
  }

  /** {@code <dir>/work/}: configs, checkpoints, fault files. */
  public Path work() {
    return work;
  }

  /** The report being built. */
  public ScenarioReport report() {
    return report;
  }

  /** UDP port the controller receives sensor frames on. */
  public int controllerPort() {
    return controllerPort;
  }

  /** UDP port the emulator receives actuator frames on. */
  public int plantPort() {
    return plantPort;
  }

  /** Starts Mosquitto (when installed) or the embedded broker. */
  public MqttBroker startBroker() {
    broker = MqttBroker.startAny(work.resolve("broker"));
    closeables.add(broker);
    report.figure("broker", broker.kind());
    return broker;
  }

  /** Uses a broker the test set up (e.g. Mosquitto with an ACL); closed with the rig. */
  public <B extends MqttBroker> B useBroker(B b) {
    broker = b;
    closeables.add(b);
    report.figure("broker", b.kind());
    return b;
  }

  /** The broker, or null. */
  public MqttBroker broker() {
    return broker;
  }

  /** Subscribes an anonymous observer to {@code reflex/<deviceId>/#}. */
  public TelemetryObserver observe(String deviceId) throws MqttException {
    return useObserver(TelemetryObserver.of(broker.url(), deviceId));
  }

  /** Uses an observer the test built (credentials); its messages go into the report files. */
  public TelemetryObserver useObserver(TelemetryObserver o) {
    observer = o;
    closeables.add(o);
    return o;
  }

  /**
   * The shipped {@code pendulum-hil.yaml} with this rig's UDP ports, telemetry to the broker (if
   * one was started) under {@code deviceId}, and checkpoints into {@code work/checkpoints}.
   */
  public HilConfig pendulumConfig(String deviceId) {
    HilConfig c =
        HilConfig.from(layout.controllerConfig("pendulum-hil")).udp(controllerPort, plantPort);
    if (broker != null) {
      c.telemetry(broker.url(), deviceId);
    }
    c.set("learning.checkpoint.dir", work.resolve("checkpoints").toAbsolutePath());
    return c;
  }

  /** An emulator spec wired to this rig's ports. */
  public EmulatorSpec emulator() {
    return new EmulatorSpec(plantPort, controllerPort);
  }

  /**
   * Starts the plant emulator recording to {@code plant.csv} and waits for its "listening" line;
   * the moment it prints it is time 0 of the chart.
   */
  public RigProcess startEmulator(EmulatorSpec spec) {
    return startEmulator("plant", spec);
  }

  /**
   * Starts an emulator whose logs and record are named {@code name} ({@code name.csv}); its record
   * becomes the one {@link #trajectory()} reads and the chart draws.
   */
  public RigProcess startEmulator(String name, EmulatorSpec spec) {
    record = dir.resolve(name + ".csv");
    RigProcess p =
        track(
            RigProcess.startMonitorJar(name, layout, RigProcess.TOOL_JVM, spec.args(record), dir));
    p.awaitOutput("listening on", Duration.ofSeconds(30));
    plantZeroMs = System.currentTimeMillis();
    return p;
  }

  /** Starts the controller ({@code runtime.jar run ...}) with the board's JVM flags. */
  public RigProcess startController(String name, ControllerSpec spec) {
    return track(
        RigProcess.startRuntimeJar(name, layout, RigProcess.CONTROLLER_JVM, spec.args(), dir));
  }

  /**
   * Starts the controller with the board's JVM flags and {@code extraJvm} after them (e.g. a {@code
   * -Dreflex.test.*} hook).
   */
  public RigProcess startController(String name, ControllerSpec spec, List<String> extraJvm) {
    List<String> jvm = new java.util.ArrayList<>(RigProcess.CONTROLLER_JVM);
    jvm.addAll(extraJvm);
    return track(RigProcess.startRuntimeJar(name, layout, jvm, spec.args(), dir));
  }

  /**
   * Runs {@code runtime.jar args...} to completion (bad-input checks), output in {@code
   * name.*.log}.
   */
  public RigProcess runTool(String name, List<String> args, Duration timeout) {
    RigProcess p = track(RigProcess.startRuntimeJar(name, layout, RigProcess.TOOL_JVM, args, dir));
    p.awaitExit(timeout);
    return p;
  }

  private RigProcess track(RigProcess p) {
    processes.add(p);
    return p;
  }

  /** Seconds since the emulator printed its listening line (≈ emulator time). */
  public double plantTimeS() {
    return (System.currentTimeMillis() - plantZeroMs) / 1000.0;
  }

  /** Epoch ms of emulator time 0. */
  public long plantZeroMs() {
    return plantZeroMs;
  }

  /** Marks an event now (drawn on the chart, listed in the report). */
  public double event(String name) {
    double t = plantTimeS();
    events.put(name, t);
    report.figure("event_s." + name, t);
    return t;
  }

  /** Marks an event at a known emulator time (e.g. a scheduled fault). */
  public void eventAt(String name, double plantS) {
    events.put(name, plantS);
    report.figure("event_s." + name, plantS);
  }

  /** The emulator's trajectory (after it exited, or what it flushed so far). */
  public Trajectory trajectory() {
    if (record == null || !Files.exists(record)) {
      throw new AssertionError("no emulator record " + record + "\n" + describeProcesses());
    }
    return Trajectory.read(record);
  }

  /** The trajectory recorded by the emulator started as {@code name}. */
  public Trajectory trajectory(String name) {
    return Trajectory.read(dir.resolve(name + ".csv"));
  }

  /** Waits {@code ms} milliseconds (the scenarios run in real time). */
  public void sleepMs(long ms) {
    RigProcess.sleepMs(ms);
  }

  /** The output of every process, for failure messages. */
  public String describeProcesses() {
    StringBuilder b = new StringBuilder();
    for (RigProcess p : processes) {
      b.append(p.describe()).append('\n');
    }
    if (broker instanceof MosquittoRigBroker m) {
      b.append("---- mosquitto log (tail)\n").append(RigProcess.tail(m.log(), 30)).append('\n');
    }
    return b.toString();
  }

  /**
   * Writes the report, the chart and the observer's messages, then fails when a check failed, with
   * every failure and the processes' output.
   */
  public void assertAllChecksPassed() {
    finished = true;
    writeArtifacts();
    if (!report.passed()) {
      throw new AssertionError(
          "scenario "
              + report.scenario()
              + " failed (report: "
              + dir.resolve("report.json")
              + ")\n"
              + report.failures()
              + describeProcesses());
    }
  }

  private void writeArtifacts() {
    List<Observed> loop = observer == null ? List.of() : observer.on("telemetry/loop");
    if (observer != null) {
      observer.writeJsonLines(dir.resolve("mqtt.jsonl"));
    }
    Trajectory t = null;
    if (record != null && Files.exists(record)) {
      try {
        t = Trajectory.read(record);
      } catch (RuntimeException e) {
        report.note("trajectory unreadable: " + e.getMessage());
      }
    }
    try {
      ScenarioChart.write(
          dir.resolve("trajectory.png"), report.scenario(), t, loop, plantZeroMs, events);
    } catch (RuntimeException e) {
      report.note("chart not written: " + e);
    }
    report.write(dir);
  }

  /** Kills every process still running, closes observer and broker; writes the report if needed. */
  @Override
  public void close() {
    for (RigProcess p : processes) {
      p.close();
    }
    if (!finished) {
      report.note(
          "scenario ended before assertAllChecksPassed(): aborted by an exception or an assumption");
      try {
        writeArtifacts();
      } catch (RuntimeException e) {
        // best effort: the original failure matters more
      }
      if (!processes.isEmpty()) {
        System.err.println(describeProcesses());
      }
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  /** A UDP port on 127.0.0.1 that was free a moment ago. */
  public static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free UDP port", e);
    }
  }

  private static void deleteContents(Path d) {
    try (Stream<Path> s = Files.walk(d)) {
      s.sorted(Comparator.reverseOrder())
          .filter(p -> !p.equals(d))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + d, e);
    }
  }
}
