package dev.reflex.workstation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.cli.CliErrors;
import dev.reflex.cli.CliValues;
import dev.reflex.cli.VersionProvider;
import dev.reflex.dashboard.Dashboard;
import dev.reflex.monitor.MonitorPlots;
import dev.reflex.monitor.MonitorRecorder;
import dev.reflex.monitor.MonitorState;
import dev.reflex.monitor.MonitorSubscriber;
import dev.reflex.monitor.MonitorView;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Watches devices' telemetry live in the terminal, records it to CSV, or plots a recording. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Watch Reflex devices over MQTT: a live terminal view (status, loop timing, learning,"
          + " events), optionally recorded to CSV; or turn a recording into PNG charts.",
      "Examples:",
      "  monitor --broker tcp://127.0.0.1:1883",
      "  monitor --broker tcp://pi.local:1883 --device pendulum-1 --record runs/rec1",
      "  monitor --plot runs/rec1",
      "  monitor --broker tcp://pi.local:1883 --http :8080    (web dashboard on 127.0.0.1:8080)"
    })
public final class MonitorCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--broker", description = "Broker URL, tcp://host:port or ssl://host:port.")
  String broker;

  @Option(names = "--device", description = "Device id to watch (default: every device).")
  String device;

  @Option(names = "--record", description = "Directory to write one CSV per topic kind into.")
  Path record;

  @Option(names = "--plot", description = "Turn the recording in DIR into PNG charts and exit.")
  Path plot;

  @Option(names = "--username", description = "MQTT user name.")
  String username;

  @Option(names = "--password-file", description = "File holding the MQTT password.")
  Path passwordFile;

  @Option(names = "--ca", description = "PEM CA certificate for ssl:// brokers.")
  Path caFile;

  @Option(names = "--once", description = "Print one plain frame after the first data and exit.")
  boolean once;

  @Option(
      names = "--duration",
      converter = CliValues.DurationValue.class,
      description = "Stop after this long, e.g. 5s, 10m (default: run until Ctrl-C).")
  java.time.Duration duration;

  @Option(
      names = "--refresh",
      converter = CliValues.DurationValue.class,
      defaultValue = "500ms",
      description = "Screen refresh period (default ${DEFAULT-VALUE}).")
  java.time.Duration refresh;

  @picocli.CommandLine.Mixin DashboardOptions http;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (plot != null) {
      for (Path png : MonitorPlots.plot(plot)) {
        out.println("wrote " + png);
      }
      out.flush();
      return 0;
    }
    if (broker == null) {
      throw new ParameterException(spec.commandLine(), "--broker is required (or --plot DIR)");
    }
    String password = null;
    if (passwordFile != null) {
      if (!Files.isReadable(passwordFile)) {
        throw new IllegalArgumentException("--password-file " + passwordFile + " is not readable");
      }
      password = Files.readString(passwordFile).strip();
    }
    MonitorState state = new MonitorState();
    MonitorRecorder recorder = record == null ? null : new MonitorRecorder(record);
    // Ctrl-C or SIGTERM ends the JVM without running the finally below: flush the recording then
    Thread flushOnExit =
        recorder == null ? null : new Thread(recorder::close, "monitor-record-close");
    if (flushOnExit != null) {
      Runtime.getRuntime().addShutdownHook(flushOnExit);
    }
    if (http.enabled() && once) {
      throw new ParameterException(spec.commandLine(), "--once cannot be combined with --http");
    }
    boolean ansi = !once && !http.enabled() && System.console() != null;
    MonitorView view = new MonitorView(ansi);
    PrintWriter err = spec.commandLine().getErr();
    long endMs =
        duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration.toMillis();
    if (once && duration == null) {
      endMs = System.currentTimeMillis() + 10_000;
    }
    MonitorSubscriber[] client = new MonitorSubscriber[1];
    Dashboard dashboard =
        http.enabled()
            ? http.dashboard((d, name, body) -> client[0].publishCommand(d, name, body, 5000))
            : null;
    try (MonitorSubscriber sub =
        new MonitorSubscriber(
            broker,
            device,
            username,
            password,
            caFile,
            m -> {
              JsonNode body = state.parse(m.payload());
              if (body != null) {
                state.accept(m.device(), m.kind(), body);
                if (dashboard != null) {
                  dashboard.accept(m.device(), m.kind(), body);
                }
                if (recorder != null && !m.kind().equals("meta")) {
                  recorder.record(m.device(), m.kind(), body);
                }
              }
            },
            line -> {
              state.connection(line);
              if (!ansi) { // the terminal view shows it in its header
                err.println("monitor: " + line);
                err.flush();
              }
            })) {
      client[0] = sub;
      if (dashboard != null) {
        dashboard.start();
        out.println("dashboard: " + dashboard.url() + http.urlHint() + " (Ctrl-C to stop)");
        out.flush();
        return sleepUntil(endMs, sub) ? 0 : refused(sub);
      }
      while (System.currentTimeMillis() < endMs) {
        if (sub.failure() != null) {
          return refused(sub);
        }
        if (once && haveData(state)) {
          break;
        }
        if (!once) {
          out.print(view.render(state, broker));
          out.flush();
        }
        if (recorder != null) {
          recorder.flush(); // a killed monitor loses at most one refresh of its recording
        }
        Thread.sleep(Math.max(50, once ? 100 : refresh.toMillis()));
      }
      out.print(view.render(state, broker));
      out.flush();
    } finally {
      if (dashboard != null) {
        dashboard.close();
      }
      if (recorder != null) {
        recorder.close();
        try {
          Runtime.getRuntime().removeShutdownHook(flushOnExit);
        } catch (IllegalStateException e) {
          // already shutting down: the hook closes it (again, harmlessly)
        }
      }
    }
    return 0;
  }

  /** Sleeps until {@code endMs}; false if the broker refused the monitor for good first. */
  private static boolean sleepUntil(long endMs, MonitorSubscriber sub) throws InterruptedException {
    long left;
    while ((left = endMs - System.currentTimeMillis()) > 0) {
      if (sub.failure() != null) {
        return false;
      }
      Thread.sleep(Math.min(left, 200));
    }
    return true;
  }

  private int refused(MonitorSubscriber sub) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + sub.failure());
    err.flush();
    return CliErrors.USER_ERROR;
  }

  private static boolean haveData(MonitorState state) {
    return state.devices().values().stream()
        .anyMatch(d -> d.last("status") != null && d.last("loop") != null);
  }
}
