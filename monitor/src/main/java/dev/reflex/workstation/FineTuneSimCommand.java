package dev.reflex.workstation;

import dev.reflex.cli.CliValues;
import dev.reflex.cli.VersionProvider;
import dev.reflex.experiment.SimFineTuning;
import dev.reflex.format.ActorFile;
import dev.reflex.learning.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code finetune-sim}: the on-board fine-tuning experiment in simulation — the shipped actor on a
 * plant that differs from the one it was trained on, evaluated before, during and after learning.
 */
@Command(
    name = "finetune-sim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Fine-tune an actor on a changed simulated plant with the on-board learner and compare"
            + " returns before and after (one JSON line on stdout).")
public final class FineTuneSimCommand implements Callable<Integer> {
  @Option(names = "--actor", required = true, description = "Starting actor file.")
  Path actorFile;

  @Option(
      names = "--env",
      required = true,
      description = "Plant: pendulum, cartpole-swingup, dc-motor.")
  String env;

  @Option(names = "--param", description = "Changed plant parameter, NAME=VALUE (repeatable).")
  Map<String, Double> params = new LinkedHashMap<>();

  @Option(
      names = "--episodes",
      converter = CliValues.PositiveLong.class,
      defaultValue = "40",
      description = "Fine-tuning episodes (default ${DEFAULT-VALUE}).")
  long episodes;

  @Option(
      names = "--eval-episodes",
      converter = CliValues.PositiveInt.class,
      defaultValue = "10",
      description = "Episodes per evaluation (default ${DEFAULT-VALUE}).")
  int evalEpisodes;

  @Option(
      names = "--eval-every",
      converter = CliValues.PositiveInt.class,
      defaultValue = "10",
      description = "Evaluate every N episodes (default ${DEFAULT-VALUE}).")
  int evalEvery;

  @Option(
      names = "--eval-seed",
      defaultValue = "-1",
      description =
          "Held-out evaluation episode i starts from seed eval-seed + i, as 'trainer.jar evaluate"
              + " --seed' (negative: seeds derived from --seed; default ${DEFAULT-VALUE}).")
  long evalSeed;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--actor-lr",
      defaultValue = "1e-4",
      description = "Actor learning rate (default ${DEFAULT-VALUE}).")
  double actorLr;

  @Option(
      names = "--exploration",
      defaultValue = "0.2",
      description = "Exploration σ, scaled units (default ${DEFAULT-VALUE}).")
  double exploration;

  @Option(
      names = "--critic-warmup",
      converter = CliValues.NonNegativeInt.class,
      defaultValue = "3000",
      description = "Critic-only updates first (default ${DEFAULT-VALUE}).")
  int criticWarmup;

  @Option(
      names = "--warmup-settle",
      defaultValue = "0",
      description =
          "Warm up the critic past --critic-warmup until its windowed TD loss changes by less than"
              + " this fraction (at most 3x as many updates; 0: a fixed count; default"
              + " ${DEFAULT-VALUE}).")
  double warmupSettle;

  @Option(
      names = "--actor-ramp",
      defaultValue = "0",
      description =
          "Updates after the warm-up over which the actor's rate ramps from 10 % to 100 % (default"
              + " ${DEFAULT-VALUE}).")
  int actorRamp;

  @Option(
      names = "--guard-margin",
      defaultValue = "0.3",
      description =
          "Roll back when the running return falls this fraction below the start (default ${DEFAULT-VALUE}).")
  double guardMargin;

  @Option(
      names = "--board-eval-every",
      converter = CliValues.NonNegativeInt.class,
      defaultValue = "0",
      description =
          "The guard evaluates the actor on the board without noise every N learning episodes and"
              + " keeps the best evaluated one (0: the running-return guard; default ${DEFAULT-VALUE}).")
  int boardEvalEvery;

  @Option(
      names = "--board-eval-episodes",
      converter = CliValues.PositiveInt.class,
      defaultValue = "2",
      description = "Noise-free episodes per on-board evaluation (default ${DEFAULT-VALUE}).")
  int boardEvalEpisodes;

  @Option(
      names = "--promote-level",
      defaultValue = "0",
      description =
          "Paired guard: each on-board evaluation is --board-eval-episodes pairs of incumbent and"
              + " candidate episodes from one reset state, and the candidate is promoted when a"
              + " one-sided paired t-test at this level says it is better (0: the unpaired guard;"
              + " default ${DEFAULT-VALUE}).")
  double promoteLevel;

  @Option(
      names = "--rollback-level",
      defaultValue = "0.05",
      description =
          "Paired guard: roll back to the incumbent when the test at this level says the candidate"
              + " is worse (default ${DEFAULT-VALUE}).")
  double rollbackLevel;

  @Option(
      names = "--bc-weight",
      defaultValue = "0",
      description =
          "Behaviour cloning: the actor's loss gains λ·mean|μ(s) − μ₀(s)|² toward the starting"
              + " actor μ₀, λ this (0: off; config learning.behaviour_cloning.weight; default"
              + " ${DEFAULT-VALUE}).")
  double bcWeight;

  @Option(
      names = "--bc-half-life",
      defaultValue = "0",
      description =
          "Actor updates over which the behaviour-cloning λ halves (0: constant; default"
              + " ${DEFAULT-VALUE}).")
  double bcHalfLife;

  @Option(
      names = "--start-checkpoint",
      description =
          "Start from this trainer checkpoint (actor, critics, targets, optimisers; not its replay"
              + " buffer) instead of the actor with a fresh critic.")
  Path startCheckpoint;

  @Option(names = "--out", description = "Write the tuned actor and finetune-curve.png here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    ActorFile actor = ActorFile.read(actorFile);
    SimFineTuning.Result r =
        SimFineTuning.run(
            actor,
            new SimFineTuning.Options(
                env,
                params,
                episodes,
                evalEpisodes,
                evalEvery,
                evalSeed,
                seed,
                actorLr,
                exploration,
                criticWarmup,
                warmupSettle,
                actorRamp,
                guardMargin,
                boardEvalEvery,
                boardEvalEpisodes,
                promoteLevel,
                rollbackLevel,
                bcWeight,
                bcHalfLife,
                startCheckpoint == null ? null : Checkpoint.read(startCheckpoint)),
            line -> System.err.println("finetune-sim: " + line));
    if (out != null) {
      Files.createDirectories(out);
      r.tuned().write(out.resolve("actor.safetensors"));
      plot(r, out.resolve("finetune-curve.png"));
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "{\"env\":\"%s\",\"params\":\"%s\",\"seed\":%d,\"episodes\":%d,\"before_mean\":%.3f,"
            + "\"before_std\":%.3f,\"after_mean\":%.3f,\"after_std\":%.3f,\"latest_mean\":%.3f,"
            + "\"latest_std\":%.3f,\"control_last10_mean\":%.3f,\"best_mean\":%.3f,\"ticks\":%d,"
            + "\"updates\":%d,\"rollbacks\":%d}%n",
        env,
        params,
        seed,
        episodes,
        r.beforeMean(),
        r.beforeStd(),
        r.afterMean(),
        r.afterStd(),
        r.lastMean(),
        r.lastStd(),
        r.controlLastMean(),
        r.bestMean(),
        r.ticks(),
        r.updates(),
        r.rollbacks());
    return 0;
  }

  private void plot(SimFineTuning.Result r, Path png) throws java.io.IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title("On-board fine-tuning: " + env + " " + params)
            .xAxisTitle("fine-tuning episode")
            .yAxisTitle("evaluation return (no noise)")
            .build();
    double[] x = r.curve().stream().mapToDouble(p -> p[0]).toArray();
    double[] y = r.curve().stream().mapToDouble(p -> p[1]).toArray();
    double[] e = r.curve().stream().mapToDouble(p -> p[2]).toArray();
    chart.addSeries("eval return ± std", x, y, e);
    chart.addSeries("before", new double[] {x[0], x[x.length - 1]}, new double[] {y[0], y[0]});
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
