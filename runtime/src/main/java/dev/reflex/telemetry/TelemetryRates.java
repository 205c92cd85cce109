package dev.reflex.telemetry;

/**
 * How often and how the telemetry thread publishes.
 *
 * @param signalRateHz decimated rate of {@code telemetry/signals}, 1..50
 * @param statsPeriodMs period of {@code telemetry/loop} and {@code telemetry/learning}
 * @param batchPeriodMs period of the full-rate {@code telemetry/batch} topic; 0 disables it
 * @param telemetryQos QoS of the periodic telemetry topics (events, status and acks use 1)
 * @param maxMessageBytes largest payload sent; batches are split to stay below it
 */
public record TelemetryRates(
    double signalRateHz,
    long statsPeriodMs,
    long batchPeriodMs,
    int telemetryQos,
    int maxMessageBytes) {

  /** Validates ranges, naming the field. */
  public TelemetryRates {
    if (!(signalRateHz >= 1 && signalRateHz <= 50)) {
      throw new IllegalArgumentException(
          "telemetry signalRateHz " + signalRateHz + " not in [1, 50]");
    }
    if (statsPeriodMs < 100) {
      throw new IllegalArgumentException("telemetry statsPeriodMs " + statsPeriodMs + " < 100");
    }
    if (batchPeriodMs < 0) {
      throw new IllegalArgumentException("telemetry batchPeriodMs " + batchPeriodMs + " < 0");
    }
    if (telemetryQos < 0 || telemetryQos > 2) {
      throw new IllegalArgumentException("telemetry qos " + telemetryQos + " not in [0, 2]");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "telemetry maxMessageBytes " + maxMessageBytes + " < 1024");
    }
  }

  /** 20 Hz signals, 1 Hz stats, no batch, QoS 0, 256 KiB messages. */
  public static TelemetryRates defaults() {
    return new TelemetryRates(20, 1000, 0, 0, 256 * 1024);
  }

  /** These rates with the signal rate changed. */
  public TelemetryRates withSignalRateHz(double hz) {
    return new TelemetryRates(hz, statsPeriodMs, batchPeriodMs, telemetryQos, maxMessageBytes);
  }

  /** These rates with the batch period changed (0 disables batches). */
  public TelemetryRates withBatchPeriodMs(long ms) {
    return new TelemetryRates(signalRateHz, statsPeriodMs, ms, telemetryQos, maxMessageBytes);
  }

  /** These rates with the telemetry QoS changed. */
  public TelemetryRates withTelemetryQos(int qos) {
    return new TelemetryRates(signalRateHz, statsPeriodMs, batchPeriodMs, qos, maxMessageBytes);
  }
}
