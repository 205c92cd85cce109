package dev.reflex.config;

import dev.reflex.config.BoardProfile.HeaderPin;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a pin as written in a config ({@code 12}, {@code {header: 12}}, {@code {pin: 12}},
 * {@code gpiochip0/18}, {@code {line: gpiochip0/18}}) against a board profile.
 */
final class PinResolver {
  private PinResolver() {}

  /**
   * Resolves {@code written}.
   *
   * @param error receives the reason at index 0 when the pin cannot be used. Modified.
   * @return the pin, or empty
   */
  static Optional<GpioPin> resolve(Object written, BoardProfile board, String[] error) {
    if (!board.hasGpio()) {
      error[0] = "board `" + board.name() + "` has no GPIO pins";
      return Optional.empty();
    }
    Object w = written;
    if (w instanceof Map<?, ?> m) {
      w =
          m.containsKey("line")
              ? m.get("line")
              : m.containsKey("header") ? m.get("header") : m.get("pin");
    }
    if (w instanceof Long header) {
      Optional<HeaderPin> h = board.headerPin(header.intValue());
      if (h.isEmpty()) {
        error[0] = "header pin " + header + " does not exist on " + board.name();
        return Optional.empty();
      }
      if (!h.get().isGpio()) {
        error[0] = "header pin " + header + " is " + h.get().name() + ", not a GPIO pin";
        return Optional.empty();
      }
      return Optional.of(
          new GpioPin(h.get().pin(), board.gpiochip(), h.get().line(), h.get().name()));
    }
    if (w instanceof String s && s.contains("/")) {
      String chip = s.substring(0, s.lastIndexOf('/'));
      int line = Integer.parseInt(s.substring(s.lastIndexOf('/') + 1));
      if (!chip.equals(board.gpiochip()) && !board.gpiochipAliases().contains(chip)) {
        error[0] =
            "chip `"
                + chip
                + "` is not the header's GPIO chip on "
                + board.name()
                + " ("
                + board.gpiochip()
                + ")";
        return Optional.empty();
      }
      Optional<HeaderPin> h = board.lineOnHeader(chip, line);
      if (h.isEmpty()) {
        error[0] =
            "line " + line + " of " + chip + " is not on the 40-pin header of " + board.name();
        return Optional.empty();
      }
      return Optional.of(new GpioPin(h.get().pin(), board.gpiochip(), line, h.get().name()));
    }
    error[0] = "not a pin: " + written;
    return Optional.empty();
  }
}
