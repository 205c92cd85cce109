package dev.reflex.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflex.learning.Algorithm;
import dev.reflex.learning.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains an actor on a simulated plant and writes actor, checkpoint, progress log
 * and learning curve into {@code --out}. Settings are layered: the {@code --algo} paper's defaults,
 * the {@code --env} preset ({@link Presets}), the {@code --config} file, then the flags; the
 * effective values are printed before training starts.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = dev.reflex.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Train a DDPG or TD3 actor on a simulated plant.",
      "Writes DIR/actor.safetensors, DIR/checkpoint.safetensors, DIR/progress.csv and"
          + " DIR/learning-curve.png; prints one JSON summary line on stdout."
    },
    footer = {
      "",
      "Defaults: the --algo paper's values, then the --env preset (docs/training.md), then"
          + " --config FILE (YAML/JSON map of the flag names without '--'), then the flags.",
      "With --resume DIR the checkpoint's settings are used; only --steps, --out,"
          + " --eval-interval, --eval-episodes and --checkpoint-interval may change."
    })
public final class TrainCommand implements Callable<Integer> {
  /** Settings that may change when resuming (they do not affect the training state). */
  static final Set<String> RESUMABLE =
      Set.of("eval-interval", "eval-episodes", "checkpoint-interval");

  @Spec CommandSpec spec;

  @Option(
      names = "--env",
      paramLabel = "NAME",
      description = "Plant: pendulum, cartpole-swingup, dc-motor.")
  String env;

  @Option(names = "--algo", paramLabel = "ddpg|td3", description = "Algorithm (default: td3).")
  String algo;

  @Option(
      names = "--steps",
      paramLabel = "N",
      converter = dev.reflex.cli.CliValues.PositiveLong.class,
      description = "Total environment steps (default: the preset's budget).")
  Long steps;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of every generator (default: 0).")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory (required, except with --resume: default the resumed DIR).")
  Path out;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML/JSON settings file.")
  Path config;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description = "Continue from DIR/checkpoint.safetensors (or a checkpoint file).")
  Path resume;

  @Option(names = "--quiet", description = "No progress line on stderr.")
  boolean quiet;

  @Option(
      names = "--no-plot",
      description =
          "Do not write learning-curve.png (progress.csv has the same data; starting Java2D for"
              + " the plot costs about 1 s of CPU per process).")
  boolean noPlot;

  @Mixin LearnerFlags learnerFlags;

  @Mixin DriverFlags driverFlags;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    List<Map.Entry<String, String>> overrides = new ArrayList<>();
    if (config != null) {
      overrides.addAll(ConfigFile.read(config));
    }
    overrides.addAll(flagOverrides());

    Trainer trainer;
    long total;
    double elapsedBeforeS = 0;
    Path previousProgress = null;
    long keepUpTo = -1;
    if (resume == null) {
      if (env == null) {
        throw new IllegalArgumentException("--env is required (or --resume DIR)");
      }
      if (out == null) {
        throw new IllegalArgumentException("--out DIR is required (or --resume DIR)");
      }
      Algorithm algorithm = Algorithm.parse(algo == null ? "td3" : algo);
      TrainConfig cfg = Presets.of(env, algorithm);
      apply(cfg, overrides, null);
      total = steps != null ? steps : Presets.defaultSteps(env);
      checkSteps(total, 0);
      trainer = Trainer.start(cfg, seed == null ? 0 : seed);
    } else {
      Path file = Files.isDirectory(resume) ? resume.resolve(TrainRun.CHECKPOINT) : resume;
      if (!Files.exists(file)) {
        throw new IllegalArgumentException(
            "nothing to resume: "
                + (Files.isDirectory(resume)
                    ? resume + " holds no " + TrainRun.CHECKPOINT
                    : "no such file or run directory " + resume)
                + " (train writes it every --checkpoint-interval steps, at the end, and on"
                + " SIGINT/SIGTERM); start a new run with --env");
      }
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException(
            "cannot read checkpoint " + file + ": permission denied");
      }
      if (out == null) {
        out = Files.isDirectory(resume) ? resume : resume.toAbsolutePath().getParent();
      }
      Checkpoint ckpt = Checkpoint.read(file);
      String json = ckpt.metadata().get("trainer_config");
      if (json == null) {
        throw new IllegalArgumentException(
            file + " was not written by the trainer (no trainer_config)");
      }
      TrainConfig saved = TrainConfigJson.read(json);
      TrainConfig cfg = TrainConfigJson.read(json);
      apply(cfg, overrides, saved);
      if (env != null && !env.equals(saved.env)) {
        throw new IllegalArgumentException(
            "--env " + env + " differs from the checkpoint's env " + saved.env);
      }
      if (algo != null && Algorithm.parse(algo) != saved.learner.algorithm) {
        throw new IllegalArgumentException(
            "--algo "
                + algo
                + " differs from the checkpoint's algorithm "
                + saved.learner.algorithm);
      }
      long savedSeed = Long.parseLong(ckpt.metadata().getOrDefault("trainer_seed", "0"));
      if (seed != null && seed != savedSeed) {
        throw new IllegalArgumentException(
            "--seed " + seed + " differs from the checkpoint's seed " + savedSeed);
      }
      total = steps != null ? steps : Presets.defaultSteps(saved.env);
      checkSteps(total, ckpt.envSteps());
      trainer = Trainer.resume(ckpt, cfg, savedSeed);
      elapsedBeforeS = Double.parseDouble(ckpt.metadata().getOrDefault("trainer_elapsed_s", "0"));
      previousProgress =
          (Files.isDirectory(resume) ? resume : resume.toAbsolutePath().getParent())
              .resolve(TrainRun.PROGRESS);
      keepUpTo = ckpt.envSteps();
    }
    printSettings(err, trainer, total);
    Files.createDirectories(out);
    EvalResult result;
    boolean inPlace = System.console() != null;
    TrainRun[] current = new TrainRun[1];
    CountDownLatch written = new CountDownLatch(1);
    // SIGINT/SIGTERM: the run stops after its current step and writes actor, checkpoint and plot,
    // the progress log is closed, then the JVM exits (130/143); `train --resume OUT` continues
    Thread hook =
        new Thread(
            () -> {
              TrainRun r = current[0];
              if (r != null) {
                r.requestStop();
              }
              try {
                written.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "train-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    TrainRun run;
    try {
      try (ProgressLog log =
          ProgressLog.open(out.resolve(TrainRun.PROGRESS), previousProgress, keepUpTo)) {
        run = new TrainRun(trainer, total, out, log, err, !quiet, inPlace, elapsedBeforeS, !noPlot);
        current[0] = run;
        result = run.run();
      }
      if (run.interrupted()) {
        err.printf(
            "train: interrupted at step %d of %d; wrote %s (continue: train --resume %s --out %s)%n",
            trainer.envSteps(), total, out.resolve(TrainRun.CHECKPOINT), out, out);
        err.flush();
        return 130;
      }
    } finally {
      written.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and waits for `written`
      }
    }
    err.printf(
        java.util.Locale.ROOT,
        "done: %d steps, %d episodes, eval mean return %.2f ± %.2f over %d episodes; wrote %s%n",
        trainer.envSteps(),
        trainer.episodes(),
        result.mean(),
        result.std(),
        result.returns().length,
        out.resolve(TrainRun.ACTOR));
    ObjectNode summary = new ObjectMapper().createObjectNode();
    summary.put("env", trainer.config().env);
    summary.put(
        "algo", trainer.config().learner.algorithm.name().toLowerCase(java.util.Locale.ROOT));
    summary.put("seed", trainer.seed());
    summary.put("steps", trainer.envSteps());
    summary.put("episodes", trainer.episodes());
    summary.put("eval_mean_return", result.mean());
    summary.put("eval_std_return", result.std());
    summary.put("actor", out.resolve(TrainRun.ACTOR).toString());
    spec.commandLine().getOut().println(summary.toString());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The learner and driver flags given on the command line, as (key, text), in order. */
  private List<Map.Entry<String, String>> flagOverrides() {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    List<String> keys = TrainConfig.keys();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      String key = o.longestName().substring(2);
      if (keys.contains(key)) {
        for (String v : o.originalStringValues()) {
          list.add(new AbstractMap.SimpleEntry<>(key, v));
        }
      }
    }
    return list;
  }

  /** Applies overrides; when resuming ({@code saved} set), refuses changes to the run's state. */
  private static void apply(
      TrainConfig cfg, List<Map.Entry<String, String>> overrides, TrainConfig saved) {
    for (Map.Entry<String, String> e : overrides) {
      cfg.set(e.getKey(), e.getValue());
    }
    if (saved == null) {
      return;
    }
    Map<String, String> before = saved.describe();
    Map<String, String> after = cfg.describe();
    for (Map.Entry<String, String> e : after.entrySet()) {
      String key = e.getKey();
      if (!RESUMABLE.contains(key) && !e.getValue().equals(before.get(key))) {
        throw new IllegalArgumentException(
            "setting "
                + key
                + " cannot change when resuming (checkpoint: "
                + before.get(key)
                + ", given: "
                + e.getValue()
                + "); only "
                + String.join(", ", RESUMABLE)
                + " may");
      }
    }
  }

  private static void checkSteps(long total, long done) {
    if (total <= done) {
      throw new IllegalArgumentException(
          done == 0
              ? "--steps " + total + ": expected a number > 0"
              : "--steps "
                  + total
                  + " must be greater than the "
                  + done
                  + " steps the checkpoint has already taken");
    }
  }

  private void printSettings(PrintWriter err, Trainer t, long total) {
    err.printf(
        "train: env %s, algo %s, seed %d, steps %d (from %d), out %s%n",
        t.config().env,
        t.config().learner.algorithm.name().toLowerCase(java.util.Locale.ROOT),
        t.seed(),
        total,
        t.envSteps(),
        out);
    for (Map.Entry<String, String> e : t.config().describe().entrySet()) {
      if (!e.getKey().equals("env")) {
        err.printf("  %-24s %s%n", e.getKey(), e.getValue());
      }
    }
    err.printf("  %-24s %s%n", "plant parameters", t.plant().parameters().toString());
    err.flush();
  }
}
