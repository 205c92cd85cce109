package dev.reflex.hil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the controller, {@code runtime.jar run --config FILE [--duration D] [--actor
 * FILE] [--broker URL] [--no-telemetry] [--learning on|off] [--seed N] [--checkpoint-dir DIR]
 * [--report FILE]}: exactly what the board's systemd unit runs, plus the options a test needs.
 */
public final class ControllerSpec {
  private final Path config;
  private String duration;
  private Path actor;
  private String broker;
  private boolean noTelemetry;
  private Boolean learning;
  private Long seed;
  private Path checkpointDir;
  private Path report;
  private final List<String> extra = new ArrayList<>();

  /** Runs {@code config}. */
  public ControllerSpec(Path config) {
    this.config = config;
  }

  /** Run time, e.g. {@code 12s}; default until SIGTERM. */
  public ControllerSpec duration(String text) {
    this.duration = text;
    return this;
  }

  /** Another actor file than the config's. */
  public ControllerSpec actor(Path file) {
    this.actor = file;
    return this;
  }

  /** Broker URL overriding the config's. */
  public ControllerSpec broker(String url) {
    this.broker = url;
    return this;
  }

  /** No MQTT at all. */
  public ControllerSpec noTelemetry() {
    this.noTelemetry = true;
    return this;
  }

  /** Learning on or off, overriding the config. */
  public ControllerSpec learning(boolean on) {
    this.learning = on;
    return this;
  }

  /** Seed of exploration and learning. */
  public ControllerSpec seed(long value) {
    this.seed = value;
    return this;
  }

  /** Checkpoint directory overriding the config's. */
  public ControllerSpec checkpointDir(Path dir) {
    this.checkpointDir = dir;
    return this;
  }

  /** Where the JSON summary is written at exit. */
  public ControllerSpec report(Path file) {
    this.report = file;
    return this;
  }

  /** The report path, or null. */
  public Path report() {
    return report;
  }

  /** Any further argument, verbatim (for bad-input scenarios). */
  public ControllerSpec arg(String a) {
    extra.add(a);
    return this;
  }

  /** Arguments after {@code runtime.jar}. */
  public List<String> args() {
    List<String> a = new ArrayList<>();
    a.add("run");
    a.add("--config");
    a.add(config.toString());
    if (duration != null) {
      a.add("--duration");
      a.add(duration);
    }
    if (actor != null) {
      a.add("--actor");
      a.add(actor.toString());
    }
    if (broker != null) {
      a.add("--broker");
      a.add(broker);
    }
    if (noTelemetry) {
      a.add("--no-telemetry");
    }
    if (learning != null) {
      a.add("--learning");
      a.add(learning ? "on" : "off");
    }
    if (seed != null) {
      a.add("--seed");
      a.add(Long.toString(seed));
    }
    if (checkpointDir != null) {
      a.add("--checkpoint-dir");
      a.add(checkpointDir.toString());
    }
    if (report != null) {
      a.add("--report");
      a.add(report.toString());
    }
    a.addAll(extra);
    return a;
  }
}
