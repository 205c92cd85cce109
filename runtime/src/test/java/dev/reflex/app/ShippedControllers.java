package dev.reflex.app;

import dev.reflex.config.ConfigLoader;
import dev.reflex.config.ControllerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a shipped controller (firmware-config/controllers) into a temporary directory with a
 * stand-in actor of its shape where its {@code actor:} points ({@code ../actors/NAME}), and loads
 * it.
 */
final class ShippedControllers {
  static final Path DIR = Path.of("..", "firmware-config", "controllers");

  private ShippedControllers() {}

  /**
   * Stages and loads {@code name}.
   *
   * @param in observation entries (the actor's inputs)
   * @param out action entries
   * @param low lower action bound of the stand-in
   * @param high upper action bound of the stand-in
   */
  static ControllerConfig load(Path dir, String name, int in, int out, double low, double high)
      throws Exception {
    Path controllers = Files.createDirectories(dir.resolve("controllers"));
    Path config = Files.copy(DIR.resolve(name), controllers.resolve(name));
    StandInActors.write(controllers.resolve(actorLine(config)).normalize(), in, out, low, high, 7);
    return ConfigLoader.load(config);
  }

  private static String actorLine(Path config) throws IOException {
    return Files.readString(config)
        .lines()
        .filter(l -> l.startsWith("actor:"))
        .findFirst()
        .orElseThrow()
        .substring("actor:".length())
        .replaceAll("#.*$", "")
        .strip();
  }
}
