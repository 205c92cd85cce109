package dev.reflex.workstation;

import dev.reflex.cli.CliValues;
import dev.reflex.cli.VersionProvider;
import dev.reflex.emulator.EmulatorRunner;
import dev.reflex.emulator.FaultSchedule;
import dev.reflex.emulator.PlantEmulator;
import dev.reflex.emulator.TrajectoryRecorder;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.plant.sim.SimPlants;
import dev.reflex.plant.udp.FrameAuth;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a simulated plant behind the UDP frame protocol in real time (the HIL plant emulator):
 * sensor frames to the runtime, actuator frames from it, faults on a schedule, a trajectory CSV and
 * a JSON summary. Ends after {@code --duration} or on SIGTERM, writing both files.
 */
@Command(
    name = "plant",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Emulate a plant over UDP (sensor frames out, actuator frames in), with faults.")
public final class PlantCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--env",
      required = true,
      description = "Simulated plant: pendulum, cartpole-swingup or dc-motor.")
  String env;

  @Option(
      names = "--listen",
      description = "Local host:port for actuator frames (default ${DEFAULT-VALUE}).")
  String listen = "127.0.0.1:9871";

  @Option(
      names = "--peer",
      description = "The runtime's host:port for sensor frames (default ${DEFAULT-VALUE}).")
  String peer = "127.0.0.1:9870";

  @Option(
      names = "--auth-key-file",
      description =
          "File holding the link's shared key in hex (plant.udp.auth_key of the controller's"
              + " config): authenticated frames only.")
  Path authKeyFile;

  @Option(
      names = "--rate",
      description = "Physics and frame rate in Hz (default ${DEFAULT-VALUE}).")
  String rate = "100";

  @Option(names = "--param", description = "Plant parameter name=value (repeatable).")
  List<String> params = new ArrayList<>();

  @Option(names = "--faults", description = "JSON fault schedule (docs/udp-frames.md).")
  Path faultsFile;

  @Option(names = "--record", description = "Trajectory CSV to write.")
  Path record;

  @Option(
      names = "--summary",
      description = "Summary JSON to write (default: the record's path with .summary.json).")
  Path summary;

  @Option(
      names = "--duration",
      description = "Run time, e.g. 30s, 500ms, 2m (default: until SIGTERM).")
  String duration;

  @Option(
      names = "--seed",
      description = "Seed of plant resets and fault draws (default ${DEFAULT-VALUE}).")
  String seed = "0";

  @Option(
      names = "--actuator-timeout",
      description = "Zero action when no actuator frame for this long (default ${DEFAULT-VALUE}).")
  String actuatorTimeout = "100ms";

  @Option(
      names = "--dt",
      description =
          "Plant time per frame, e.g. 50ms (default: the frame period, real time). Larger runs"
              + " the plant faster than real time.")
  String dt;

  @Option(
      names = "--episode",
      description =
          "Reset the plant (seeded) every this long of plant time, e.g. 10s; the frame after a"
              + " reset is flagged as an episode start (default: only when the plant terminates).")
  String episode;

  @Override
  public Integer call() throws IOException, InterruptedException {
    SimPlant plant = SimPlants.create(env);
    for (String p : params) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--param '" + p + "': expected name=value");
      }
      String name = p.substring(0, eq);
      double value;
      try {
        value = Double.parseDouble(p.substring(eq + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--param '" + p + "': value is not a number");
      }
      try {
        plant.setParameter(name, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--param: " + e.getMessage());
      }
    }
    double rateHz = parsePositive("--rate", rate);
    if (rateHz > 10_000) {
      throw new IllegalArgumentException("--rate " + rate + " out of range (0, 10000] Hz");
    }
    long periodNs = Math.round(1e9 / rateHz);
    long durationNs = duration == null ? 0 : parseDurationNs("--duration", duration);
    long timeoutNs = parseDurationNs("--actuator-timeout", actuatorTimeout);
    long stepNs = dt == null ? periodNs : parseDurationNs("--dt", dt);
    long episodeTicks =
        episode == null
            ? 0
            : Math.max(1, Math.round(parseDurationNs("--episode", episode) / (double) stepNs));
    long seedValue;
    try {
      seedValue = Long.parseLong(seed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--seed '" + seed + "' is not an integer");
    }
    InetSocketAddress listenAddress = parseAddress("--listen", listen);
    InetSocketAddress peerAddress = parseAddress("--peer", peer);
    FaultSchedule faults =
        faultsFile == null ? FaultSchedule.none() : FaultSchedule.load(faultsFile);
    Path summaryFile = summary;
    if (summaryFile == null && record != null) {
      String name = record.getFileName().toString().replaceFirst("\\.csv$", "");
      summaryFile = record.resolveSibling(name + ".summary.json");
    }
    TrajectoryRecorder recorder =
        record == null
            ? null
            : new TrajectoryRecorder(record, plant.observationNames(), plant.actionNames());
    FrameAuth auth = null;
    if (authKeyFile != null) {
      String hex;
      try {
        hex = java.nio.file.Files.readString(authKeyFile);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--auth-key-file " + authKeyFile + ": cannot read: " + e);
      }
      auth = FrameAuth.fromHex(hex, "--auth-key-file " + authKeyFile);
    }
    PlantEmulator emulator;
    try {
      emulator =
          new PlantEmulator(
              plant,
              listenAddress,
              peerAddress,
              periodNs,
              timeoutNs,
              seedValue,
              faults,
              recorder,
              auth);
      emulator.setEpisodeTicks(episodeTicks);
      emulator.setStepSeconds(stepNs * 1e-9);
    } catch (IOException | RuntimeException e) {
      if (recorder != null) {
        recorder.close();
      }
      throw e;
    }
    EmulatorRunner runner = new EmulatorRunner(emulator);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.stop();
              try {
                finished.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "plant-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "plant %s listening on %s, sending sensor frames to %s at %.1f Hz%n",
        plant.name(),
        format(emulator.localAddress()),
        format(peerAddress),
        rateHz);
    out.flush();
    try {
      runner.run(durationNs);
    } finally {
      emulator.close();
      if (summaryFile != null) {
        emulator.writeSummary(summaryFile);
      }
      out.printf(
          Locale.ROOT,
          "plant %s stopped after %.2f s: %d ticks, return %.3f, %d sensor frames, %d actuator frames accepted%s%n",
          plant.name(),
          emulator.timeS(),
          emulator.counters().ticks,
          emulator.totalReturn(),
          emulator.counters().sensorFramesGenerated,
          emulator.actuatorCounters().framesAccepted,
          summaryFile == null ? "" : ", summary " + summaryFile);
      out.flush();
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down (SIGTERM): the hook is running and now returns.
    }
    return 0;
  }

  private static String format(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  static double parsePositive(String option, String text) {
    try {
      double v = Double.parseDouble(text);
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(option + " '" + text + "' must be a positive number");
  }

  /** Parses {@code 30s}, {@code 500ms}, {@code 2m}, {@code 100us} or plain seconds. */
  static long parseDurationNs(String option, String text) {
    try {
      return CliValues.duration(text).toNanos();
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new IllegalArgumentException(option + " " + e.getMessage());
    }
  }

  static InetSocketAddress parseAddress(String option, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(option + " '" + text + "' must be host:port");
    }
    String host = text.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(option + " '" + text + "': port must be in [0, 65535]");
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(option + " '" + text + "': unknown host " + host);
    }
    return address;
  }
}
