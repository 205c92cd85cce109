package dev.reflex.plant.pi4j;

/**
 * Register-level ADS1115 (TI SBAS444): four 16-bit registers behind the address pointer (conversion
 * 0x00, config 0x01 reset 0x8583, Lo_thresh 0x02 reset 0x8000, Hi_thresh 0x03 reset 0x7FFF), each
 * transferred MSB first; the pointer does not advance. The conversion result comes from settable
 * input voltages through the configured MUX and PGA: round((V+ - V-) / (FS / 32768)) clipped to
 * -32768..32767. A single shot (OS written 1 in single-shot mode) keeps OS reading 0 for a settable
 * number of config reads, then stores the result and reads OS 1. In continuous mode the conversion
 * register follows the input on every read.
 */
final class Ads1115Emulation extends EmulatedI2cChip {

  private static final double[] FULL_SCALE_V = {
    6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256
  };

  private final int[] words = {0x0000, 0x8583, 0x8000, 0x7FFF};
  private final double[] inputV = new double[4];
  private int busyPollsPerConversion = 2;
  private int busyPollsLeft;
  private boolean converting;
  private int pendingHigh = -1; // MSB of a register write in progress
  private int byteIndex; // bytes read in the current transfer: even = MSB

  void setInputV(int ain, double volts) {
    inputV[ain] = volts;
  }

  /** How many config reads see OS = 0 after a single shot is started. */
  void setBusyPollsPerConversion(int polls) {
    busyPollsPerConversion = polls;
  }

  int configWord() {
    return words[Ads1115.CONFIG] & 0x7FFF | (converting ? 0 : Ads1115.OS);
  }

  /** The code the ADC produces now for the configured MUX and PGA. */
  int code() {
    int config = words[Ads1115.CONFIG];
    int mux = (config >> 12) & 7;
    double fullScale = FULL_SCALE_V[(config >> 9) & 7];
    double diff =
        switch (mux) {
          case 0 -> inputV[0] - inputV[1];
          case 1 -> inputV[0] - inputV[3];
          case 2 -> inputV[1] - inputV[3];
          case 3 -> inputV[2] - inputV[3];
          default -> inputV[mux - 4];
        };
    long code = Math.round(diff / (fullScale / 32768.0));
    return (int) Math.max(-32768, Math.min(32767, code));
  }

  private boolean continuous() {
    return (words[Ads1115.CONFIG] & Ads1115.MODE_SINGLE_SHOT) == 0;
  }

  @Override
  protected void beginTransfer(int register, boolean read) {
    byteIndex = 0;
    pendingHigh = -1;
    if (!read) {
      return;
    }
    if ((register & 3) == Ads1115.CONFIG && converting) {
      if (busyPollsLeft-- <= 0) {
        converting = false;
        words[Ads1115.CONVERSION] = code() & 0xFFFF;
      }
    } else if ((register & 3) == Ads1115.CONVERSION && continuous()) {
      words[Ads1115.CONVERSION] = code() & 0xFFFF;
    }
  }

  @Override
  protected int readRegister(int register) {
    int word = (register & 3) == Ads1115.CONFIG ? configWord() : words[register & 3];
    int value = byteIndex % 2 == 0 ? word >> 8 : word & 0xFF;
    byteIndex++;
    return value;
  }

  @Override
  protected void writeRegister(int register, int value) {
    if (pendingHigh < 0) {
      pendingHigh = value;
      return;
    }
    int word = pendingHigh << 8 | value;
    pendingHigh = -1;
    int index = register & 3;
    if (index == Ads1115.CONVERSION) {
      return; // read-only
    }
    if (index == Ads1115.CONFIG) {
      boolean start = (word & Ads1115.OS) != 0 && (word & Ads1115.MODE_SINGLE_SHOT) != 0;
      words[index] = word & 0x7FFF;
      if (start) {
        converting = true;
        busyPollsLeft = busyPollsPerConversion;
      } else if ((word & Ads1115.MODE_SINGLE_SHOT) == 0) {
        converting = false;
        words[Ads1115.CONVERSION] = code() & 0xFFFF;
      }
    } else {
      words[index] = word;
    }
  }

  @Override
  protected int nextPointer(int start, int pointer, boolean read) {
    return pointer; // the ADS1115 never advances its pointer
  }
}
