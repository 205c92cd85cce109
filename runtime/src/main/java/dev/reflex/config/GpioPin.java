package dev.reflex.config;

/**
 * A header pin resolved against the board profile: however the config wrote it ({@code pin: 12},
 * {@code header: 12}, {@code line: gpiochip0/18}), this is the line to open.
 *
 * @param header physical header pin 1..40
 * @param chip GPIO chip device name, e.g. {@code gpiochip0}
 * @param line line offset on the chip (the BCM number on a Raspberry Pi)
 * @param signal the profile's name of the pin, e.g. {@code GPIO18}
 */
public record GpioPin(int header, String chip, int line, String signal) {
  @Override
  public String toString() {
    return "header pin " + header + " (" + signal + ", " + chip + "/" + line + ")";
  }
}
