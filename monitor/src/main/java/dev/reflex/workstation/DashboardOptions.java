package dev.reflex.workstation;

import dev.reflex.dashboard.CommandPublisher;
import dev.reflex.dashboard.Dashboard;
import dev.reflex.dashboard.HttpBinding;
import dev.reflex.telemetry.CommandLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The monitor's web dashboard options ({@code --http} and friends). */
public final class DashboardOptions {
  @Option(
      names = "--http",
      paramLabel = "[HOST]:PORT",
      description =
          "Serve the web dashboard on PORT (e.g. :8080), on 127.0.0.1 unless --http-bind says"
              + " otherwise.")
  String http;

  @Option(
      names = "--http-bind",
      paramLabel = "ADDR",
      description =
          "Address to serve the dashboard on instead of 127.0.0.1 (e.g. 0.0.0.0); a non-loopback"
              + " address requires --http-token-file or --http-token.")
  String bind;

  @Option(
      names = "--http-token-file",
      paramLabel = "FILE",
      description = "File holding the dashboard's access token (16+ printable characters).")
  Path tokenFile;

  @Option(
      names = "--http-token",
      paramLabel = "TOKEN",
      description = "The dashboard's access token (prefer --http-token-file: argv is visible).")
  String token;

  @Option(
      names = "--read-only",
      description = "Dashboard without remote commands (for a broker user that may only read).")
  boolean readOnly;

  @Option(
      names = "--command-ttl-s",
      defaultValue = "30",
      description = "Seconds a command sent from the dashboard stays valid (default 30).")
  double commandTtlS;

  @Option(
      names = "--max-exploration",
      defaultValue = "1.0",
      description = "Highest exploration scale the dashboard sends (default 1.0).")
  double maxExploration;

  /** True when {@code --http} was given. */
  boolean enabled() {
    return http != null;
  }

  /** The dashboard these options describe, not started yet. */
  Dashboard dashboard(CommandPublisher publisher) throws IOException {
    if (bind != null && http == null) {
      throw new IllegalArgumentException("--http-bind needs --http PORT");
    }
    String t = token;
    if (tokenFile != null) {
      if (t != null) {
        throw new IllegalArgumentException("give --http-token-file or --http-token, not both");
      }
      if (!Files.isReadable(tokenFile)) {
        throw new IllegalArgumentException("--http-token-file " + tokenFile + " is not readable");
      }
      t = Files.readString(tokenFile).strip();
    }
    if (!(commandTtlS >= 1 && commandTtlS <= 3600)) {
      throw new IllegalArgumentException("--command-ttl-s " + commandTtlS + " not in [1, 3600]");
    }
    CommandLimits d = CommandLimits.defaults();
    CommandLimits limits =
        new CommandLimits(
            d.maxPayloadBytes(), maxExploration, d.setpoints(), d.recentIds(), d.maxTtlMs());
    return new Dashboard(
        HttpBinding.parse(http, bind, t),
        readOnly ? null : publisher,
        limits,
        (long) (commandTtlS * 1000));
  }

  /** What to tell the user after the URL (how to pass the token). */
  String urlHint() {
    return token != null || tokenFile != null ? "?token=<your token>" : "";
  }
}
