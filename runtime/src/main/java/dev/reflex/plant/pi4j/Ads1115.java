package dev.reflex.plant.pi4j;

import dev.reflex.plant.PlantStatus;

/**
 * TI ADS1115: 16-bit delta-sigma ADC with a programmable-gain amplifier and a 4-input mux, on I2C.
 *
 * <p>Registers (datasheet SBAS444, section 8.6): conversion 0x00 (signed 16-bit, big-endian; one
 * LSB = full scale / 32768), config 0x01: bit 15 OS (write 1 starts a single shot; reads 0 while
 * converting, 1 when idle), 14:12 MUX (000 AIN0-AIN1 ... 100..111 AINx-GND), 11:9 PGA (full scale
 * 6.144/4.096/2.048/1.024/0.512/0.256 V), 8 MODE (0 continuous, 1 single shot), 7:5 DR (8..860
 * samples/s), 1:0 COMP_QUE (11 = comparator off). The address pointer is not advanced by reads.
 *
 * <p>Two ways to read: {@link #startSingleShot} + {@link #pollReady} + {@link #readConversion}
 * (spread over ticks, or {@link #readSingleShot} blocking with a poll budget), or {@link
 * #startContinuous} once and {@link #readConversion} every tick.
 *
 * <p>Real-time: every method after the constructor is allocation-free in this class and never
 * throws. Threading: control thread.
 */
public final class Ads1115 {

  /** 7-bit address with ADDR tied to GND (0x49 VDD, 0x4A SDA, 0x4B SCL). */
  public static final int DEFAULT_ADDRESS = 0x48;

  public static final int CONVERSION = 0x00;
  public static final int CONFIG = 0x01;
  public static final int OS = 0x8000;
  public static final int MODE_SINGLE_SHOT = 0x0100;
  public static final int COMP_QUE_DISABLE = 0x0003;

  /** PGA settings (PGA bits 11:9) with their full-scale range. */
  public enum Pga {
    FS_6_144V(6.144),
    FS_4_096V(4.096),
    FS_2_048V(2.048),
    FS_1_024V(1.024),
    FS_0_512V(0.512),
    FS_0_256V(0.256);

    /** Full-scale range in volts: the input that reads 32768 counts. */
    public final double fullScaleV;

    Pga(double fullScaleV) {
      this.fullScaleV = fullScaleV;
    }
  }

  /** Data rates (DR bits 7:5). */
  public enum DataRate {
    SPS_8(8),
    SPS_16(16),
    SPS_32(32),
    SPS_64(64),
    SPS_128(128),
    SPS_250(250),
    SPS_475(475),
    SPS_860(860);

    /** Samples per second. */
    public final int samplesPerSecond;

    DataRate(int samplesPerSecond) {
      this.samplesPerSecond = samplesPerSecond;
    }
  }

  /** Mux settings (MUX bits 14:12): differential pairs, then each input against GND. */
  public enum Input {
    AIN0_AIN1,
    AIN0_AIN3,
    AIN1_AIN3,
    AIN2_AIN3,
    AIN0,
    AIN1,
    AIN2,
    AIN3;

    /** The single-ended input {@code 0..3} against GND. */
    public static Input singleEnded(int channel) {
      if (channel < 0 || channel > 3) {
        throw new IllegalArgumentException(
            "ADS1115 channel " + channel + " out of range: allowed 0..3");
      }
      return values()[4 + channel];
    }
  }

  private final I2cDevice device;
  private final Pga pga;
  private final DataRate dataRate;
  private final byte[] configOut = new byte[2];
  private final byte[] in = new byte[2];
  private int raw;
  private double volts;

  /** Keeps the settings; the chip is written by the first start. */
  public Ads1115(I2cDevice device, Pga pga, DataRate dataRate) {
    this.device = device;
    this.pga = pga;
    this.dataRate = dataRate;
  }

  /** The config word for a conversion on {@code input}. */
  public int configWord(Input input, boolean singleShot) {
    return (singleShot ? OS | MODE_SINGLE_SHOT : 0)
        | input.ordinal() << 12
        | pga.ordinal() << 9
        | dataRate.ordinal() << 5
        | COMP_QUE_DISABLE;
  }

  /** Starts one conversion; the chip powers down after it. */
  public int startSingleShot(Input input) {
    return writeConfig(configWord(input, true));
  }

  /** Starts continuous conversions of {@code input}. */
  public int startContinuous(Input input) {
    return writeConfig(configWord(input, false));
  }

  /**
   * Polls OS in the config register.
   *
   * @return 1 when no conversion is running (a single shot has finished), 0 while converting, or -1
   *     on an I2C failure
   */
  public int pollReady() {
    if (device.read(CONFIG, in, 0, 2) != I2cDevice.OK) {
      return -1;
    }
    return (in[0] & 0x80) != 0 ? 1 : 0;
  }

  /**
   * Reads the conversion register into {@link #volts}.
   *
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED}
   */
  public int readConversion() {
    if (device.read(CONVERSION, in, 0, 2) != I2cDevice.OK) {
      return PlantStatus.FAILED;
    }
    raw = (short) (((in[0] & 0xFF) << 8) | (in[1] & 0xFF));
    volts = raw * pga.fullScaleV / 32768.0;
    return PlantStatus.OK;
  }

  /**
   * One blocking single shot: start, poll until ready, read.
   *
   * @param maxPolls polls before giving up; at 860 SPS a conversion takes about 1.2 ms, and one
   *     poll costs one I2C read (about 0.2 ms at 400 kHz)
   * @return {@link PlantStatus#OK}, or {@link PlantStatus#FAILED} on an I2C failure or time-out
   */
  public int readSingleShot(Input input, int maxPolls) {
    if (startSingleShot(input) != PlantStatus.OK) {
      return PlantStatus.FAILED;
    }
    for (int i = 0; i < maxPolls; i++) {
      int ready = pollReady();
      if (ready < 0) {
        return PlantStatus.FAILED;
      }
      if (ready == 1) {
        return readConversion();
      }
    }
    return PlantStatus.FAILED;
  }

  /** The last conversion in volts. */
  public double volts() {
    return volts;
  }

  /** The last conversion in counts, -32768..32767. */
  public int rawCounts() {
    return raw;
  }

  /** True when the last conversion sat at a rail (the input is outside the PGA's range). */
  public boolean saturated() {
    return raw == 32767 || raw == -32768;
  }

  /** The PGA setting. */
  public Pga pga() {
    return pga;
  }

  private int writeConfig(int word) {
    configOut[0] = (byte) (word >> 8);
    configOut[1] = (byte) word;
    return device.write(CONFIG, configOut, 0, 2) == I2cDevice.OK
        ? PlantStatus.OK
        : PlantStatus.FAILED;
  }
}
