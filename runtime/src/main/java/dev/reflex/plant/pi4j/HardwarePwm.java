package dev.reflex.plant.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import dev.reflex.plant.PlantStatus;
import java.nio.file.Path;

/**
 * A hardware PWM channel (the SoC's PWM block through {@code /sys/class/pwm}), duty set as a
 * fraction with the period's nanosecond resolution.
 *
 * <p>Pi4J's linuxfs provider ({@link PwmType#HARDWARE}) exports the channel, writes the period and
 * enables it; the duty is then written through {@link PwmDutyFile} in nanoseconds, because Pi4J's
 * own duty path is an integer percent. Resolution: one nanosecond of the period, i.e. 1/50000 of
 * full scale at 20 kHz, 1/20000000 at 50 Hz; the kernel driver then rounds to a whole number of its
 * PWM clock's periods.
 *
 * <p>Real-time: {@link #setDuty} is allocation-free and never throws. Threading: {@link #setDuty}
 * on the control thread; {@link #off} from any thread.
 */
public final class HardwarePwm implements AutoCloseable {

  private final Context context;
  private final Pwm pwm;
  private final PwmDutyFile duty;
  private final long periodNs;
  private final int channel;
  private volatile long dutyNs;

  /**
   * Opens and enables a channel at zero duty.
   *
   * @param pwmSysfsPath the PWM class directory, normally {@code /sys/class/pwm}
   * @param chip the {@code pwmchipN} number Pi4J's linuxfs provider uses (see {@link
   *     Pi4jBoardOptions#effectivePwmChip})
   * @param channel the channel on the chip ({@code pwmM}): on a Pi 4, 0 is GPIO 12/18 and 1 is GPIO
   *     13/19 (with the pwm-2chan overlay); on a Pi 5, 0..3 are GPIO 12, 13, 18, 19
   * @param frequencyHz the PWM frequency, 1 Hz .. 50 MHz
   * @throws IllegalArgumentException for an out-of-range frequency or channel
   * @throws IllegalStateException naming the file if the sysfs channel cannot be used
   */
  public HardwarePwm(Context context, String pwmSysfsPath, int chip, int channel, int frequencyHz) {
    if (frequencyHz < 1 || frequencyHz > 50_000_000) {
      throw new IllegalArgumentException(
          "pwm frequencyHz " + frequencyHz + " out of range: allowed 1..50000000");
    }
    if (channel < 0) {
      throw new IllegalArgumentException("pwm channel " + channel + " out of range: allowed 0..");
    }
    this.context = context;
    this.channel = channel;
    this.pwm =
        context.create(
            Pwm.newConfigBuilder(context)
                .id("pwm-" + chip + "-" + channel)
                .address(channel)
                .pwmType(PwmType.HARDWARE)
                .frequency(frequencyHz)
                .dutyCycle(0)
                .shutdown(0)
                .build());
    // Pwm.on(0, f) would call off(): set frequency and zero duty, then on() writes the period,
    // the duty and enable
    pwm.setFrequency(frequencyHz);
    pwm.setDutyCycle(0);
    pwm.on();
    this.duty =
        new PwmDutyFile(Path.of(pwmSysfsPath, "pwmchip" + chip, "pwm" + channel, "duty_cycle"));
    this.periodNs = duty.readSibling("period");
    if (periodNs <= 0) {
      throw new IllegalStateException(
          "pwm channel " + channel + " on pwmchip" + chip + " has period " + periodNs + " ns");
    }
  }

  /**
   * Sets the duty cycle.
   *
   * @param fraction active fraction of the period; clamped to [0, 1], NaN drives 0
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED}
   */
  public int setDuty(double fraction) {
    double f = fraction > 0 ? Math.min(fraction, 1.0) : 0.0; // NaN -> 0
    long ns = Math.round(f * periodNs);
    if (!duty.writeNs(ns)) {
      return PlantStatus.FAILED;
    }
    dutyNs = ns;
    return PlantStatus.OK;
  }

  /** Zero duty: the safe state. */
  public int off() {
    if (!duty.writeZero()) {
      return PlantStatus.FAILED;
    }
    dutyNs = 0;
    return PlantStatus.OK;
  }

  /** The period the kernel reports, in nanoseconds. */
  public long periodNs() {
    return periodNs;
  }

  /** The duty last written, in nanoseconds. */
  public long dutyNs() {
    return dutyNs;
  }

  /** The channel number on its chip. */
  public int channel() {
    return channel;
  }

  /** Writes zero duty and releases the channel. */
  @Override
  public void close() {
    off();
    duty.close();
    try {
      context.shutdown(pwm);
    } catch (RuntimeException e) {
      // already released with the context
    }
  }
}
