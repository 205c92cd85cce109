package dev.reflex.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the actor on observations from a CSV file (filled in by the formats work). */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = "Run an actor on observations read from CSV.")
public final class InferCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
