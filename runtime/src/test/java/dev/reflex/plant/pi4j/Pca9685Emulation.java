package dev.reflex.plant.pi4j;

/**
 * Register-level PCA9685 (NXP datasheet rev. 4): power-on values (MODE1 0x11, MODE2 0x04, every
 * LEDn_OFF_H 0x10 full off, PRE_SCALE 0x1E), auto-increment only with MODE1.AI, PRE_SCALE writable
 * only in SLEEP, RESTART set when the running chip is put to sleep and cleared by writing 1,
 * ALL_LED writes copied to every channel, reserved registers 0x46..0xF9 read 0 and ignore writes.
 * The physical output of each channel is computed from the registers.
 */
final class Pca9685Emulation extends EmulatedI2cChip {

  private final int[] regs = new int[256];
  private final double oscillatorHz;

  Pca9685Emulation(double oscillatorHz) {
    this.oscillatorHz = oscillatorHz;
    regs[Pca9685.MODE1] = 0x11;
    regs[Pca9685.MODE2] = 0x04;
    for (int ch = 0; ch < 16; ch++) {
      regs[Pca9685.LED0_ON_L + 4 * ch + 3] = Pca9685.FULL_BIT;
    }
    regs[Pca9685.PRE_SCALE] = 0x1E;
  }

  /** A register's content, as the chip holds it. */
  int register(int register) {
    return regs[register];
  }

  @Override
  protected int readRegister(int register) {
    if (register >= 0x46 && register <= 0xF9) {
      return 0;
    }
    if (register >= Pca9685.ALL_LED_ON_L && register <= Pca9685.ALL_LED_OFF_H) {
      return 0; // the ALL_LED registers read back as zero
    }
    return regs[register];
  }

  @Override
  protected void writeRegister(int register, int value) {
    if (register == Pca9685.MODE1) {
      int old = regs[register];
      int restart = old & Pca9685.MODE1_RESTART;
      if ((value & Pca9685.MODE1_RESTART) != 0) {
        restart = 0; // writing 1 clears RESTART (and restarts the PWM)
      }
      boolean goingToSleep = (old & Pca9685.MODE1_SLEEP) == 0 && (value & Pca9685.MODE1_SLEEP) != 0;
      if (goingToSleep && anyChannelActive()) {
        restart = Pca9685.MODE1_RESTART;
      }
      regs[register] = (value & ~Pca9685.MODE1_RESTART) | restart;
    } else if (register == Pca9685.PRE_SCALE) {
      if ((regs[Pca9685.MODE1] & Pca9685.MODE1_SLEEP) != 0) {
        regs[register] = Math.max(value, 3); // values below 3 are forced to 3
      }
    } else if (register >= Pca9685.ALL_LED_ON_L && register <= Pca9685.ALL_LED_OFF_H) {
      int index = register - Pca9685.ALL_LED_ON_L;
      for (int ch = 0; ch < 16; ch++) {
        regs[Pca9685.LED0_ON_L + 4 * ch + index] = value;
      }
    } else if (register >= 0x46 && register <= 0xF9) {
      // reserved: ignored
    } else if (register == 0xFF) {
      // TestMode register: must not be written; ignored here
    } else {
      regs[register] = value;
    }
  }

  @Override
  protected int nextPointer(int start, int pointer, boolean read) {
    return (regs[Pca9685.MODE1] & Pca9685.MODE1_AI) != 0 ? pointer + 1 : pointer;
  }

  /** The PWM frequency the oscillator and PRE_SCALE give. */
  double frequencyHz() {
    return oscillatorHz / (Pca9685.COUNTS * (regs[Pca9685.PRE_SCALE] + 1.0));
  }

  /** The high time of a channel's output in microseconds (0 while asleep or full off). */
  double pulseUs(int channel) {
    return dutyFraction(channel) * 1e6 / frequencyHz();
  }

  /** The duty cycle of a channel's output, 0..1. */
  double dutyFraction(int channel) {
    if ((regs[Pca9685.MODE1] & Pca9685.MODE1_SLEEP) != 0) {
      return 0;
    }
    int base = Pca9685.LED0_ON_L + 4 * channel;
    if ((regs[base + 3] & Pca9685.FULL_BIT) != 0) {
      return 0;
    }
    if ((regs[base + 1] & Pca9685.FULL_BIT) != 0) {
      return 1;
    }
    int on = regs[base] | (regs[base + 1] & 0x0F) << 8;
    int off = regs[base + 2] | (regs[base + 3] & 0x0F) << 8;
    return ((off - on) & 0xFFF) / (double) Pca9685.COUNTS;
  }

  private boolean anyChannelActive() {
    for (int ch = 0; ch < 16; ch++) {
      int base = Pca9685.LED0_ON_L + 4 * ch;
      if ((regs[base + 3] & Pca9685.FULL_BIT) == 0) {
        return true;
      }
    }
    return false;
  }
}
