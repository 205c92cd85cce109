package dev.reflex.hil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of the plant emulator, {@code monitor.jar plant ...} (docs/udp-frames.md): the
 * pendulum at 100 Hz by default, its trajectory recorded to {@code plant.csv} in the scenario's
 * directory.
 */
public final class EmulatorSpec {
  private String env = "pendulum";
  private int listenPort;
  private int peerPort;
  private double rateHz = 100;
  private final List<String> params = new ArrayList<>();
  private Path faults;
  private String duration;
  private long seed;
  private String actuatorTimeout;
  private String dt;
  private String episode;

  /**
   * An emulator receiving actuator frames on {@code listenPort} and sending sensor frames to the
   * controller's {@code peerPort}, both on 127.0.0.1.
   */
  public EmulatorSpec(int listenPort, int peerPort) {
    this.listenPort = listenPort;
    this.peerPort = peerPort;
  }

  /** The simulated plant (default pendulum). */
  public EmulatorSpec env(String name) {
    this.env = name;
    return this;
  }

  /** Physics and frame rate, Hz (default 100). */
  public EmulatorSpec rateHz(double hz) {
    this.rateHz = hz;
    return this;
  }

  /** A plant parameter different from the training plant's, e.g. {@code mass_kg}, 1.3. */
  public EmulatorSpec param(String name, double value) {
    params.add(name + "=" + value);
    return this;
  }

  /** A fault schedule file (JSON, docs/udp-frames.md). */
  public EmulatorSpec faults(Path file) {
    this.faults = file;
    return this;
  }

  /** Run time, e.g. {@code 12s}; default until SIGTERM. */
  public EmulatorSpec duration(String text) {
    this.duration = text;
    return this;
  }

  /** Seed of resets and fault draws. */
  public EmulatorSpec seed(long value) {
    this.seed = value;
    return this;
  }

  /** Zero action after this long without an actuator frame, e.g. {@code 100ms}. */
  public EmulatorSpec actuatorTimeout(String text) {
    this.actuatorTimeout = text;
    return this;
  }

  /** Plant time per frame, e.g. {@code 50ms} (default: the frame period, real time). */
  public EmulatorSpec dt(String text) {
    this.dt = text;
    return this;
  }

  /** The plant resets itself every this long of plant time, e.g. {@code 10s}. */
  public EmulatorSpec episode(String text) {
    this.episode = text;
    return this;
  }

  /** Port the emulator receives actuator frames on. */
  public int listenPort() {
    return listenPort;
  }

  /** Arguments after {@code runtime.jar}, recording to {@code record}. */
  public List<String> args(Path record) {
    List<String> a = new ArrayList<>();
    a.add("plant");
    a.add("--env");
    a.add(env);
    a.add("--listen");
    a.add("127.0.0.1:" + listenPort);
    a.add("--peer");
    a.add("127.0.0.1:" + peerPort);
    a.add("--rate");
    a.add(String.format(Locale.ROOT, "%s", rateHz));
    for (String p : params) {
      a.add("--param");
      a.add(p);
    }
    if (faults != null) {
      a.add("--faults");
      a.add(faults.toString());
    }
    a.add("--record");
    a.add(record.toString());
    if (duration != null) {
      a.add("--duration");
      a.add(duration);
    }
    a.add("--seed");
    a.add(Long.toString(seed));
    if (actuatorTimeout != null) {
      a.add("--actuator-timeout");
      a.add(actuatorTimeout);
    }
    if (dt != null) {
      a.add("--dt");
      a.add(dt);
    }
    if (episode != null) {
      a.add("--episode");
      a.add(episode);
    }
    return a;
  }
}
