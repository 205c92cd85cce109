package dev.reflex.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflex.format.ActorFile;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.plant.sim.SimPlants;
import dev.reflex.policy.CompactActor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: runs a compact actor file without noise, through {@link CompactActor} exactly
 * as the runtime does, for seeded episodes ({@link Evaluator}), and prints one JSON line on stdout.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = dev.reflex.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Run a compact actor on a simulated plant without noise.",
      "Prints one JSON line on stdout: env, episodes, mean/std/min/max return; human text on stderr."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--actor", paramLabel = "FILE", required = true, description = "Actor file.")
  Path actor;

  @Option(names = "--env", paramLabel = "NAME", required = true, description = "Plant name.")
  String env;

  @Option(
      names = "--episodes",
      paramLabel = "N",
      converter = dev.reflex.cli.CliValues.PositiveInt.class,
      defaultValue = "10",
      description = "Episodes (default: ${DEFAULT-VALUE}).")
  int episodes;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "Episode i resets the plant from seed S + i (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--dt",
      paramLabel = "DURATION",
      converter = dev.reflex.cli.CliValues.DurationValue.class,
      description =
          "Step the plant at this period (default: its nominal dt); episodes keep their"
              + " simulated length.")
  java.time.Duration dt;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "Plant parameter (repeatable).")
  List<String> params;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (episodes < 1) {
      throw new IllegalArgumentException("--episodes " + episodes + " must be >= 1");
    }
    if (!Files.isReadable(actor)) {
      throw new IllegalArgumentException("cannot read actor file " + actor + ": no such file");
    }
    SimPlant plant = SimPlants.create(env);
    TrainConfig params = new TrainConfig(env, dev.reflex.learning.Algorithm.TD3);
    if (this.params != null) {
      this.params.forEach(p -> params.set("param", p));
    }
    params.params.forEach(plant::setParameter);
    ActorFile file = ActorFile.read(actor);
    CompactActor policy = new CompactActor(file);
    if (policy.observationSize() != plant.observationSize()
        || policy.actionSize() != plant.actionSize()) {
      throw new IllegalArgumentException(
          "actor "
              + actor
              + " takes "
              + policy.observationSize()
              + " observations and gives "
              + policy.actionSize()
              + " actions; plant "
              + env
              + " has "
              + plant.observationSize()
              + " and "
              + plant.actionSize());
    }
    double dtS = dt == null ? plant.nominalDtSeconds() : dt.toNanos() / 1e9;
    Evaluator evaluator = new Evaluator(plant, dtS);
    double[] low = file.scaling().actionLow();
    double[] high = file.scaling().actionHigh();
    if (!Arrays.equals(low, plant.actionLow()) || !Arrays.equals(high, plant.actionHigh())) {
      err.printf(
          "warning: actor bounds %s..%s differ from the plant's %s..%s%n",
          Arrays.toString(low),
          Arrays.toString(high),
          Arrays.toString(plant.actionLow()),
          Arrays.toString(plant.actionHigh()));
    }
    err.printf(
        Locale.ROOT,
        "evaluate: %s on %s, %d episodes of %d steps at dt %.4f s, seeds %d..%d%n",
        actor,
        env,
        episodes,
        evaluator.episodeSteps(),
        dtS,
        seed,
        seed + episodes - 1);
    EvalResult r = evaluator.run(policy, episodes, seed);
    err.printf(Locale.ROOT, "returns: %s%n", Arrays.toString(r.returns()));
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("env", env);
    json.put("episodes", episodes);
    json.put("mean_return", r.mean());
    json.put("std_return", r.std());
    json.put("min_return", r.min());
    json.put("max_return", r.max());
    json.put("seed", seed);
    json.put("dt_s", dtS);
    spec.commandLine().getOut().println(json.toString());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
