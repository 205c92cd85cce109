package dev.reflex.app;

import dev.reflex.config.BoardProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the machine this runs on is the board a config's profile describes: a board with GPIO
 * needs a {@code /dev/gpiochip*}, and a device tree model (where the kernel has one) should name
 * the profile's model. {@code run} refuses a Pi4J config on a machine without a GPIO chip; {@code
 * check-config} warns.
 */
final class BoardCheck {
  private BoardCheck() {}

  /** What is wrong, or null when the machine has what the profile needs. */
  static String missingGpio(BoardProfile board, Path devDir) {
    if (!board.hasGpio() || hasGpioChip(devDir)) {
      return null;
    }
    boolean pi = board.model().startsWith("Raspberry Pi");
    return (pi
            ? "this is not a Raspberry Pi (no " + devDir.resolve("gpiochip*") + ")"
            : "this machine has no GPIO chip (no " + devDir.resolve("gpiochip*") + ")")
        + " but board '"
        + board.name()
        + "' ("
        + board.model()
        + ") needs one";
  }

  /**
   * A warning when the machine's device tree model does not name the profile's model (a Pi 5
   * profile on a Pi 4), or null; null too where the kernel has no device tree model (a PC).
   */
  static String otherModel(BoardProfile board, Path modelFile) {
    if (!board.hasGpio() || !Files.isReadable(modelFile)) {
      return null;
    }
    String model;
    try {
      model = Files.readString(modelFile, StandardCharsets.ISO_8859_1).replace("\0", "").strip();
    } catch (IOException e) {
      return null;
    }
    return model.startsWith(board.model())
        ? null
        : "board '" + board.name() + "' is a " + board.model() + " but this machine is a " + model;
  }

  private static boolean hasGpioChip(Path devDir) {
    try (DirectoryStream<Path> chips = Files.newDirectoryStream(devDir, "gpiochip*")) {
      return chips.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }
}
