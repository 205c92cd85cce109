package dev.reflex.config;

import dev.reflex.config.DeviceConfig.Ads1115;
import dev.reflex.config.DeviceConfig.As5600;
import dev.reflex.config.DeviceConfig.DigitalIn;
import dev.reflex.config.DeviceConfig.DigitalOut;
import dev.reflex.config.DeviceConfig.Encoder;
import dev.reflex.config.DeviceConfig.HBridge;
import dev.reflex.config.DeviceConfig.Mpu6050;
import dev.reflex.config.DeviceConfig.Pca9685;
import dev.reflex.config.DeviceConfig.Pwm;
import dev.reflex.config.LearningConfig.Algo;
import dev.reflex.config.LearningConfig.Noise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link ControllerConfig} records from a validated {@link ConfigTree} that has no
 * problems: every value is present (defaults filled in) and of the right type.
 */
final class ConfigBinder {
  private final ConfigTree tree;
  private final BoardProfile board;
  private final Path dir;
  private final List<String> signals = new ArrayList<>();

  private ConfigBinder(ConfigTree tree, BoardProfile board) {
    this.tree = tree;
    this.board = board;
    this.dir = tree.file().toAbsolutePath().normalize().getParent();
  }

  static ControllerConfig bind(ConfigTree tree, BoardProfile board) {
    return new ConfigBinder(tree, board).root();
  }

  private ControllerConfig root() {
    TreeNode r = TreeNode.of(tree.root(), "");
    List<ObservationSpec> obs = r.nodes("observation").stream().map(this::observation).toList();
    List<ActionEntry> act = r.nodes("action").stream().map(this::action).toList();
    obs.forEach(o -> signals.add(o.name()));
    act.forEach(a -> signals.add(a.name()));
    return new ControllerConfig(
        tree.file().toAbsolutePath().normalize(),
        r.str("name", ""),
        r.str("description", ""),
        board,
        loop(r.node("loop")),
        plant(r.node("plant")),
        obs,
        act,
        dir.resolve(r.str("actor", "")).normalize(),
        learning(r.node("learning")),
        telemetry(r.node("telemetry")),
        safety(r.node("safety")));
  }

  private static long ns(double value, double unitNs) {
    return Math.round(value * unitNs);
  }

  private LoopSection loop(TreeNode l) {
    return new LoopSection(
        CrossFieldRules.periodNs(l),
        (int) l.integer("cpu", -1),
        (int) l.integer("priority", 0),
        l.integer("spin_margin_us", 0) * 1_000L,
        l.bool("lock_memory", false),
        (int) l.integer("learner_cpu", -1));
  }

  private PlantConfig plant(TreeNode p) {
    return switch (p.str("backend", "")) {
      case "sim" -> {
        TreeNode s = p.node("sim");
        Map<String, Double> params = new LinkedHashMap<>();
        s.children("params").forEach((k, v) -> params.put(k, (Double) s.node("params").raw(k)));
        yield new PlantConfig.Sim(
            s.str("env", ""),
            s.integer("seed", 0),
            Map.copyOf(params),
            s.num("sensor_noise_std", 0),
            s.num("step_ms", 0) * 1e-3,
            s.num("episode_s", 0));
      }
      case "udp" -> {
        TreeNode u = p.node("udp");
        String listen = u.str("listen", "");
        String peer = u.str("peer", "");
        yield new PlantConfig.Udp(
            host(listen),
            port(listen),
            host(peer),
            port(peer),
            ns(u.num("stale_timeout_ms", 0), 1e6),
            u.strings("sensors"),
            u.strings("actuators"),
            u.str("auth_key", ""));
      }
      default ->
          new PlantConfig.Pi4j(p.node("pi4j").nodes("devices").stream().map(this::device).toList());
    };
  }

  private static String host(String hostPort) {
    String h = hostPort.substring(0, hostPort.lastIndexOf(':'));
    return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private GpioPin pin(Object written) {
    return PinResolver.resolve(written, board, new String[1]).orElseThrow();
  }

  private PwmPin pwmPin(Object written) {
    GpioPin pin = pin(written);
    var out = board.pwmOn(pin.header()).orElseThrow();
    return new PwmPin(pin, out.chip(), out.channel());
  }

  private DeviceConfig device(TreeNode d) {
    String name = d.str("name", "");
    int bus = (int) d.integer("bus", -1);
    int address = (int) d.integer("address", -1);
    return switch (d.str("type", "")) {
      case "encoder" ->
          new Encoder(
              name,
              pin(d.raw("a")),
              pin(d.raw("b")),
              (int) d.integer("counts_per_rev", 1),
              d.bool("invert", false));
      case "as5600" ->
          new As5600(name, bus, address, d.num("zero_offset_rad", 0), d.bool("invert", false));
      case "mpu6050" ->
          new Mpu6050(
              name,
              bus,
              address,
              (int) d.integer("accel_range_g", 2),
              (int) d.integer("gyro_range_dps", 250));
      case "ads1115" ->
          new Ads1115(
              name,
              bus,
              address,
              d.num("full_scale_v", 4.096),
              (int) d.integer("data_rate_sps", 860));
      case "hbridge" -> {
        List<GpioPin> dir =
            d.raw("dir") instanceof List<?> l
                ? l.stream().map(this::pin).toList()
                : List.of(pin(d.raw("dir")));
        yield new HBridge(
            name,
            pwmPin(d.raw("pwm")),
            dir,
            d.num("supply_v", 0),
            d.num("pwm_frequency", 0),
            d.bool("invert", false));
      }
      case "pca9685" ->
          new Pca9685(
              name,
              bus,
              address,
              (int) d.integer("channel", 0),
              d.num("frequency", 50),
              d.num("pulse_min_us", 1000),
              d.num("pulse_max_us", 2000));
      case "digital_out" ->
          new DigitalOut(
              name, pin(d.raw("pin")), d.bool("active_low", false), (int) d.integer("initial", 0));
      case "digital_in" ->
          new DigitalIn(
              name,
              pin(d.raw("pin")),
              DeviceConfig.Pull.valueOf(d.str("pull", "none").toUpperCase(Locale.ROOT)),
              d.bool("active_low", false),
              d.integer("debounce_us", 0) * 1_000L);
      case "pwm" -> new Pwm(name, pwmPin(d.raw("pin")), d.num("frequency", 0));
      default -> throw new IllegalStateException("unvalidated device type " + d.str("type", ""));
    };
  }

  private ObservationSpec observation(TreeNode o) {
    String from = o.str("from", "");
    int dot = from.indexOf('.');
    return new ObservationSpec(
        o.str("name", ""),
        from,
        dot < 0 ? "" : from.substring(0, dot),
        from.substring(dot + 1),
        ObservationSpec.Transform.valueOf(o.str("transform", "identity").toUpperCase(Locale.ROOT)),
        o.num("rate_cutoff_hz", 20),
        o.num("scale", 1),
        o.num("offset", 0),
        o.str("unit", ""));
  }

  private ActionEntry action(TreeNode a) {
    String to = a.str("to", "");
    int dot = to.indexOf('.');
    return new ActionEntry(
        a.str("name", ""),
        to,
        dot < 0 ? "" : to.substring(0, dot),
        to.substring(dot + 1),
        a.num("min", 0),
        a.num("max", 0),
        a.str("unit", ""),
        a.num("rate_limit", 0),
        a.num("safe", 0));
  }

  private LearningConfig learning(TreeNode l) {
    boolean perTransition = l.has("updates_per_transition");
    TreeNode reward = l.node("reward");
    TreeNode episode = l.node("episode");
    TreeNode explore = l.node("exploration");
    TreeNode checkpoint = l.node("checkpoint");
    String start = l.str("start_from", "actor");
    return new LearningConfig(
        l.bool("enabled", false),
        Algo.valueOf(l.str("algo", "td3").toUpperCase(Locale.ROOT)),
        perTransition ? 0 : l.num("updates_per_s", 0),
        perTransition ? l.num("updates_per_transition", 0) : 0,
        (int) l.integer("critic_warmup_updates", 0),
        (int) l.integer("batch_size", 64),
        (int) l.integer("replay_capacity", 100_000),
        l.num("actor_lr", 1e-4),
        l.num("critic_lr", 1e-3),
        l.num("critic_weight_decay", 0),
        l.num("gamma", 0.99),
        l.num("tau", 0.005),
        new LearningConfig.Reward(
            reward.nodes("quadratic").stream()
                .map(
                    q ->
                        new LearningConfig.QuadraticTerm(
                            q.str("signal", ""),
                            signals.indexOf(q.str("signal", "")),
                            q.num("weight", 0),
                            q.num("setpoint", 0)))
                .toList(),
            reward.nodes("bonus").stream().map(this::band).toList(),
            reward.nodes("limit_penalty").stream().map(this::band).toList()),
        new LearningConfig.Episode(
            ns(episode.num("time_limit_s", 0), 1e9),
            bounds(episode, "end_when_outside"),
            (int) episode.integer("reset_hold_ticks", 0)),
        new LearningConfig.Exploration(
            Noise.valueOf(explore.str("noise", "gaussian").toUpperCase(Locale.ROOT)),
            explore.num("scale", 0),
            explore.num("cap", 0),
            explore.num("ou_theta", 0.15),
            bounds(explore, "safe_region")),
        new LearningConfig.Checkpoint(
            dir.resolve(checkpoint.str("dir", "checkpoints")).normalize(),
            ns(checkpoint.num("period_s", 60), 1e9),
            (int) checkpoint.integer("keep", 5)),
        l.num("rollback_margin", 0.2),
        new LearningConfig.Evaluation(
            (int) l.node("evaluation").integer("every_episodes", 0),
            (int) l.node("evaluation").integer("episodes", 2),
            l.node("evaluation").num("promote_level", 0),
            l.node("evaluation").num("rollback_level", 0.05)),
        start.equals("actor") ? Optional.empty() : Optional.of(dir.resolve(start).normalize()),
        dev.reflex.network.Precision.parse(l.str("precision", "f64")),
        new LearningConfig.BehaviourCloning(
            l.node("behaviour_cloning").num("weight", 0),
            l.node("behaviour_cloning").integer("half_life_updates", 0)));
  }

  private SignalBounds band(TreeNode b) {
    String s = b.str("signal", "");
    return new SignalBounds(
        s, signals.indexOf(s), b.num("min", 0), b.num("max", 0), b.num("value", 0));
  }

  private List<SignalBounds> bounds(TreeNode parent, String key) {
    List<SignalBounds> out = new ArrayList<>();
    parent
        .children(key)
        .forEach(
            (name, b) ->
                out.add(
                    new SignalBounds(
                        name, signals.indexOf(name), b.num("min", 0), b.num("max", 0), 0)));
    return List.copyOf(out);
  }

  private TelemetryConfig telemetry(TreeNode t) {
    TreeNode rates = t.node("rates");
    TelemetryConfig.Password password;
    if (t.has("password_file")) {
      password =
          new TelemetryConfig.Password(
              TelemetryConfig.Password.Source.FILE,
              dir.resolve(t.str("password_file", "")).normalize().toString());
    } else if (t.has("password_env")) {
      password =
          new TelemetryConfig.Password(
              TelemetryConfig.Password.Source.ENV, t.str("password_env", ""));
    } else if (t.has("password")) {
      password =
          new TelemetryConfig.Password(
              TelemetryConfig.Password.Source.INLINE, t.str("password", ""));
    } else {
      password = new TelemetryConfig.Password(TelemetryConfig.Password.Source.NONE, "");
    }
    TreeNode tls = t.node("tls");
    Optional<TelemetryConfig.Tls> tlsConfig =
        t.has("tls")
            ? Optional.of(
                new TelemetryConfig.Tls(
                    file(tls, "ca_file"), file(tls, "cert_file"), file(tls, "key_file")))
            : Optional.empty();
    return new TelemetryConfig(
        t.bool("enabled", true),
        t.strings("brokers"),
        (int) t.integer("embedded_port", 1883),
        t.str("device_id", ""),
        t.str("client_id", ""),
        t.str("root", ""),
        rates.num("loop_hz", 1),
        rates.num("signals_hz", 20),
        rates.num("learning_hz", 1),
        (int) t.integer("qos", 1),
        tlsConfig,
        Optional.ofNullable(t.str("username", null)),
        password,
        (int) t.integer("max_message_bytes", 65536));
  }

  private Optional<Path> file(TreeNode node, String key) {
    return Optional.ofNullable(node.str(key, null)).map(f -> dir.resolve(f).normalize());
  }

  private SafetySection safety(TreeNode s) {
    return new SafetySection(
        ns(s.num("stale_timeout_ms", 50), 1e6),
        (int) s.integer("miss_budget", 3),
        (int) s.integer("faults_before_stop", 3),
        ns(s.num("watchdog_period_ms", 100), 1e6),
        SafetySection.NanPolicy.valueOf(s.str("nan_policy", "safe").toUpperCase(Locale.ROOT)));
  }
}
