package dev.reflex.plant.pi4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory laid out like {@code /sys/class/pwm} with one chip whose channels are already
 * exported: real files that Pi4J's linuxfs PWM provider and {@link PwmDutyFile} write. Reads take
 * the first line, as the kernel shows an attribute (a shorter value written at offset 0 over a
 * longer one leaves the tail after the newline).
 */
final class FakePwmSysfs {

  private final Path root;

  FakePwmSysfs(Path root, int chip, int channels) {
    this.root = root;
    try {
      Path chipDir = Files.createDirectories(root.resolve("pwmchip" + chip));
      Files.writeString(chipDir.resolve("npwm"), channels + "\n");
      Files.writeString(chipDir.resolve("export"), "");
      Files.writeString(chipDir.resolve("unexport"), "");
      for (int c = 0; c < channels; c++) {
        Path ch = Files.createDirectories(chipDir.resolve("pwm" + c));
        Files.writeString(ch.resolve("period"), "0\n");
        Files.writeString(ch.resolve("duty_cycle"), "0\n");
        Files.writeString(ch.resolve("enable"), "0\n");
        Files.writeString(ch.resolve("polarity"), "normal\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path root() {
    return root;
  }

  /** The first line of {@code pwmchip<chip>/pwm<channel>/<name>}, as a number. */
  long read(int chip, int channel, String name) {
    try {
      String text =
          Files.readString(root.resolve("pwmchip" + chip).resolve("pwm" + channel).resolve(name));
      int newline = text.indexOf('\n');
      return Long.parseLong((newline >= 0 ? text.substring(0, newline) : text).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
