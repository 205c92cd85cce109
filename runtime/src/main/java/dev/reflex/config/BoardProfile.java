package dev.reflex.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a board offers a controller: the GPIO chip behind its 40-pin header, which header pins are
 * GPIO lines and which can carry hardware PWM, its I2C buses and its cores. Read from {@code
 * firmware-config/boards/*.yaml} (built into the jar) or a profile file named by the config.
 *
 * @param name profile name, e.g. {@code raspberry-pi-5}
 * @param model human name of the board
 * @param pi4jBoard Pi4J's board model name, for the log
 * @param gpiochip character device of the header's lines, e.g. {@code gpiochip0}; empty for {@code
 *     sim}
 * @param gpiochipLabel the chip's label as {@code gpiodetect} shows it
 * @param gpiochipAliases other names of the same chip on other kernels
 * @param cores CPU cores; 0 means cpu numbers are not checked
 * @param controlCpu recommended core of the control thread, -1 none
 * @param learnerCpu recommended core of the learner thread, -1 none
 * @param i2cTransport how the pi4j backend reaches I2C chips: {@code ffm} (ioctl through the
 *     foreign-function API, allocation-free) or {@code pi4j} (Pi4J's linuxfs provider)
 * @param i2c the header's I2C buses
 * @param header the header's pins (power and ground included, with line -1)
 * @param pwm hardware-PWM-capable header pins
 * @param notes what a deployer must know
 * @param source the file the profile was read from
 */
public record BoardProfile(
    String name,
    String model,
    String pi4jBoard,
    String gpiochip,
    String gpiochipLabel,
    List<String> gpiochipAliases,
    int cores,
    int controlCpu,
    int learnerCpu,
    String i2cTransport,
    List<I2cBus> i2c,
    List<HeaderPin> header,
    List<PwmOutput> pwm,
    String notes,
    Path source) {

  /**
   * One header pin.
   *
   * @param pin physical pin 1..40
   * @param name signal name (GPIO18, 3V3, GND)
   * @param line line offset on {@link #gpiochip}, -1 for power and ground
   */
  public record HeaderPin(int pin, String name, int line) {
    /** True when the pin is a GPIO line. */
    public boolean isGpio() {
      return line >= 0;
    }
  }

  /**
   * A hardware PWM output.
   *
   * @param pin header pin
   * @param chip PWM chip (sysfs {@code pwmchipN} or platform device name)
   * @param channel channel on that chip
   * @param enable how to route the pin to the PWM block (overlay line)
   */
  public record PwmOutput(int pin, String chip, int channel, String enable) {}

  /**
   * An I2C bus on the header.
   *
   * @param bus bus number ({@code /dev/i2c-N})
   * @param sdaPin header pin of SDA
   * @param sclPin header pin of SCL
   * @param enable how to enable it
   */
  public record I2cBus(int bus, int sdaPin, int sclPin, String enable) {}

  /** The header pin {@code pin}, if the board has it. */
  public Optional<HeaderPin> headerPin(int pin) {
    return header.stream().filter(h -> h.pin() == pin).findFirst();
  }

  /** The header pin carrying line {@code line} of chip {@code chip} (or an alias). */
  public Optional<HeaderPin> lineOnHeader(String chip, int line) {
    if (!chip.equals(gpiochip) && !gpiochipAliases.contains(chip)) {
      return Optional.empty();
    }
    return header.stream().filter(h -> h.line() == line).findFirst();
  }

  /** The PWM output on header pin {@code pin}, if it has one. */
  public Optional<PwmOutput> pwmOn(int pin) {
    return pwm.stream().filter(p -> p.pin() == pin).findFirst();
  }

  /** The I2C bus numbered {@code bus}, if the board has it. */
  public Optional<I2cBus> i2cBus(int bus) {
    return i2c.stream().filter(b -> b.bus() == bus).findFirst();
  }

  /** True when the board has GPIO lines (every profile except {@code sim}). */
  public boolean hasGpio() {
    return !gpiochip.isEmpty();
  }
}
