package dev.reflex.plant.pi4j;

import dev.reflex.plant.PlantStatus;

/**
 * NXP PCA9685: 16-channel, 12-bit PWM driver on I2C (servos and motor-driver inputs).
 *
 * <p>Register map (datasheet rev. 4, section 7.3): MODE1 0x00 (bit 7 RESTART, 5 AI auto-increment,
 * 4 SLEEP, 0 ALLCALL), MODE2 0x01 (bit 2 OUTDRV totem pole), LEDn_ON_L/ON_H/OFF_L/OFF_H at 0x06 +
 * 4n (bit 4 of ON_H is full on, bit 4 of OFF_H is full off and wins), ALL_LED_* 0xFA..0xFD,
 * PRE_SCALE 0xFE = round(osc / (4096 * f)) - 1, 3..255, writable only while SLEEP is set.
 *
 * <p>Set-up (constructor): sleep, write PRE_SCALE, wake with auto-increment, wait 500 us for the
 * oscillator, set RESTART if the chip says it was running, every channel full off. A channel update
 * is one 4-byte auto-increment write of LEDn_ON_L..LEDn_OFF_H with ON = 0.
 *
 * <p>Real-time: {@link #setPulseUs}, {@link #setDuty} and {@link #fullOff} are allocation-free in
 * this class (the board's I2C adapter may allocate, see {@link Pi4jI2cDevice}) and never throw.
 * Threading: channel writes on the control thread; {@link #fullOff} and {@link #allOff} from any
 * thread (own buffers, one register write each).
 */
public final class Pca9685 {

  /** Default 7-bit address (A5..A0 low). */
  public static final int DEFAULT_ADDRESS = 0x40;

  /** Nominal internal oscillator frequency. */
  public static final double INTERNAL_OSCILLATOR_HZ = 25_000_000.0;

  public static final int MODE1 = 0x00;
  public static final int MODE2 = 0x01;
  public static final int LED0_ON_L = 0x06;
  public static final int ALL_LED_ON_L = 0xFA;
  public static final int ALL_LED_OFF_H = 0xFD;
  public static final int PRE_SCALE = 0xFE;

  public static final int MODE1_RESTART = 0x80;
  public static final int MODE1_AI = 0x20;
  public static final int MODE1_SLEEP = 0x10;
  public static final int MODE1_ALLCALL = 0x01;
  public static final int MODE2_OUTDRV = 0x04;

  /** Bit 4 of LEDn_ON_H / LEDn_OFF_H. */
  public static final int FULL_BIT = 0x10;

  /** Counts per PWM period. */
  public static final int COUNTS = 4096;

  private final I2cDevice device;
  private final double frequencyHz;
  private final double periodUs;
  private final int prescale;
  private final byte[] channelBuffer = new byte[4];
  private final byte[] offBuffer = new byte[1];

  /**
   * Configures the chip for {@code frequencyHz} with every channel full off.
   *
   * @param oscillatorHz the chip's oscillator, {@link #INTERNAL_OSCILLATOR_HZ} nominal (boards
   *     differ by a few percent; measure and set it for accurate servo pulses)
   * @throws IllegalArgumentException if the frequency needs a prescale outside 3..255
   * @throws IllegalStateException if the chip does not answer
   */
  public Pca9685(I2cDevice device, double frequencyHz, double oscillatorHz) {
    this.device = device;
    this.prescale = prescaleFor(frequencyHz, oscillatorHz);
    this.frequencyHz = oscillatorHz / (COUNTS * (prescale + 1.0));
    this.periodUs = 1e6 / this.frequencyHz;
    int mode1 = device.readByte(MODE1);
    if (mode1 < 0) {
      throw new IllegalStateException("PCA9685 does not answer (MODE1 read failed)");
    }
    check(device.writeByte(MODE1, (mode1 & ~MODE1_RESTART) | MODE1_SLEEP), "MODE1 sleep");
    check(device.writeByte(PRE_SCALE, prescale), "PRE_SCALE");
    check(device.writeByte(MODE2, MODE2_OUTDRV), "MODE2");
    int awake = (mode1 & ~(MODE1_RESTART | MODE1_SLEEP)) | MODE1_AI;
    check(device.writeByte(MODE1, awake), "MODE1 wake");
    sleepForOscillator();
    int after = device.readByte(MODE1);
    if (after >= 0 && (after & MODE1_RESTART) != 0) {
      check(device.writeByte(MODE1, awake | MODE1_RESTART), "MODE1 restart");
    }
    check(allOff(), "ALL_LED_OFF_H");
    int readBack = device.readByte(PRE_SCALE);
    if (readBack != prescale) {
      throw new IllegalStateException(
          "PCA9685 PRE_SCALE reads " + readBack + " after writing " + prescale);
    }
  }

  /**
   * PRE_SCALE for a frequency: round(oscillatorHz / (4096 f)) - 1.
   *
   * @throws IllegalArgumentException if the result is outside 3..255 (about 24..1526 Hz at 25 MHz)
   */
  public static int prescaleFor(double frequencyHz, double oscillatorHz) {
    long value = Math.round(oscillatorHz / (COUNTS * frequencyHz)) - 1;
    if (!(frequencyHz > 0) || value < 3 || value > 255) {
      throw new IllegalArgumentException(
          "PCA9685 frequencyHz "
              + frequencyHz
              + " out of range: allowed "
              + Math.ceil(oscillatorHz / (COUNTS * 256.0))
              + ".."
              + Math.floor(oscillatorHz / (COUNTS * 4.0))
              + " Hz");
    }
    return (int) value;
  }

  /**
   * Sets a channel's pulse width (servos: typically 1000..2000 us at 50 Hz).
   *
   * @param channel 0..15
   * @param pulseUs high time in microseconds; clamped to [0, period]
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED}
   */
  public int setPulseUs(int channel, double pulseUs) {
    return setDuty(channel, pulseUs / periodUs);
  }

  /**
   * Sets a channel's duty cycle. 0 is written as full off, 1 as full on, anything else as ON = 0,
   * OFF = round(fraction * 4096).
   *
   * @param channel 0..15
   * @param fraction 0..1 (clamped; NaN is 0)
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED}
   */
  public int setDuty(int channel, double fraction) {
    if (channel < 0 || channel > 15) {
      return PlantStatus.FAILED;
    }
    double f = fraction > 0 ? Math.min(fraction, 1.0) : 0.0;
    int off = (int) Math.round(f * COUNTS);
    byte[] b = channelBuffer;
    if (off <= 0) {
      b[0] = 0;
      b[1] = 0;
      b[2] = 0;
      b[3] = FULL_BIT;
    } else if (off >= COUNTS) {
      b[0] = 0;
      b[1] = FULL_BIT;
      b[2] = 0;
      b[3] = 0;
    } else {
      b[0] = 0;
      b[1] = 0;
      b[2] = (byte) off;
      b[3] = (byte) (off >> 8);
    }
    return status(device.write(LED0_ON_L + 4 * channel, b, 0, 4));
  }

  /** Full off for one channel (its safe state): sets bit 4 of LEDn_OFF_H. */
  public int fullOff(int channel) {
    if (channel < 0 || channel > 15) {
      return PlantStatus.FAILED;
    }
    synchronized (offBuffer) {
      offBuffer[0] = FULL_BIT;
      return status(device.write(LED0_ON_L + 4 * channel + 3, offBuffer, 0, 1));
    }
  }

  /** Full off for every channel: one write of ALL_LED_OFF_H. */
  public int allOff() {
    return status(device.writeByte(ALL_LED_OFF_H, FULL_BIT));
  }

  /** The PWM frequency the prescale gives, in Hz (not exactly the one asked for). */
  public double frequencyHz() {
    return frequencyHz;
  }

  /** The PRE_SCALE value written. */
  public int prescale() {
    return prescale;
  }

  private static int status(int i2cStatus) {
    return i2cStatus == I2cDevice.OK ? PlantStatus.OK : PlantStatus.FAILED;
  }

  private static void check(int status, String step) {
    if (status != 0) { // I2cDevice.OK and PlantStatus.OK are both 0
      throw new IllegalStateException("PCA9685 set-up failed at " + step);
    }
  }

  private static void sleepForOscillator() {
    try {
      Thread.sleep(1); // datasheet: 500 us for the oscillator after clearing SLEEP
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
