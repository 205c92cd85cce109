package dev.reflex.plant.pi4j;

import dev.reflex.plant.PlantStatus;

/**
 * Keeps the latest voltage of each configured input of one ADS1115 without waiting for conversions.
 * One input: continuous mode, the conversion register is read every tick. Several: one single shot
 * at a time; each tick polls OS, and when the conversion is done reads it and starts the next
 * input's. An input's value then refreshes every (inputs x conversion time, rounded up to ticks).
 *
 * <p>Real-time: {@link #poll} is allocation-free, never throws. Threading: control thread.
 */
final class Ads1115Poller implements PolledDevice {

  private final Ads1115 adc;
  private final Ads1115.Input[] inputs;
  private final double[] volts;
  private int current;

  /**
   * Reads every input once (blocking, so the first tick has values) and starts the cycle.
   *
   * @throws IllegalStateException if the chip does not answer
   */
  Ads1115Poller(Ads1115 adc, Ads1115.Input[] inputs) {
    this.adc = adc;
    this.inputs = inputs.clone();
    this.volts = new double[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      if (adc.readSingleShot(inputs[i], 1000) != PlantStatus.OK) {
        throw new IllegalStateException("ADS1115 does not answer (first conversion failed)");
      }
      volts[i] = adc.volts();
    }
    int started =
        inputs.length == 1 ? adc.startContinuous(inputs[0]) : adc.startSingleShot(inputs[0]);
    if (started != PlantStatus.OK) {
      throw new IllegalStateException("ADS1115 does not answer (config write failed)");
    }
  }

  @Override
  public int poll() {
    if (inputs.length == 1) {
      if (adc.readConversion() != PlantStatus.OK) {
        return PlantStatus.FAILED;
      }
      volts[0] = adc.volts();
      return PlantStatus.OK;
    }
    int ready = adc.pollReady();
    if (ready < 0) {
      return PlantStatus.FAILED;
    }
    if (ready == 1) {
      if (adc.readConversion() != PlantStatus.OK) {
        return PlantStatus.FAILED;
      }
      volts[current] = adc.volts();
      current = (current + 1) % inputs.length;
      return adc.startSingleShot(inputs[current]);
    }
    return PlantStatus.OK;
  }

  /** Index of {@code input} in this poller, or -1. */
  int indexOf(Ads1115.Input input) {
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == input) {
        return i;
      }
    }
    return -1;
  }

  /** The latest voltage of the input at {@code index}. */
  double volts(int index) {
    return volts[index];
  }
}
