package dev.reflex.emulator;

import dev.reflex.plant.udp.UdpCounters;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the emulator's trajectory as CSV for HIL reports: one row per tick with {@code time_s},
 * the plant's observation (before sensor faults), the applied action, the reward, the active faults
 * ('+'-joined names) and running counters.
 *
 * <p>Allocates per row (number formatting): the emulator is not the board's control loop.
 * Threading: the emulator's thread.
 */
public final class TrajectoryRecorder implements AutoCloseable {
  private final Path file;
  private final BufferedWriter out;
  private final StringBuilder row = new StringBuilder(256);

  /**
   * Creates (or replaces) {@code file} and writes the header.
   *
   * @throws UncheckedIOException naming the file when it cannot be written
   */
  public TrajectoryRecorder(Path file, String[] observationNames, String[] actionNames) {
    this.file = file;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = Files.newBufferedWriter(file);
      StringBuilder header = new StringBuilder("time_s");
      for (String n : observationNames) {
        header.append(',').append(n);
      }
      for (String n : actionNames) {
        header.append(",applied_").append(n);
      }
      header
          .append(",reward,faults,sensor_frames_generated,sensor_datagrams_sent,dropped")
          .append(",actuator_frames_accepted,actuator_lost,actuator_late,actuator_duplicates")
          .append(",actuator_corrupt,actuator_restarts,actuator_stale_session,actuator_fresh\n");
      out.write(header.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trajectory " + file + ": " + e.getMessage(), e);
    }
  }

  /** Appends one row. */
  public void record(
      double timeS,
      double[] observation,
      double[] applied,
      double reward,
      String faults,
      EmulatorCounters emulator,
      UdpCounters actuators,
      boolean actuatorFresh) {
    row.setLength(0);
    row.append(timeS);
    for (double v : observation) {
      row.append(',').append(v);
    }
    for (double v : applied) {
      row.append(',').append(v);
    }
    row.append(',').append(reward).append(',').append(faults);
    row.append(',').append(emulator.sensorFramesGenerated);
    row.append(',').append(emulator.sensorDatagramsSent);
    row.append(',').append(emulator.dropped);
    row.append(',').append(actuators.framesAccepted);
    row.append(',').append(actuators.lost);
    row.append(',').append(actuators.late);
    row.append(',').append(actuators.duplicates);
    row.append(',').append(actuators.corrupt);
    row.append(',').append(actuators.restarts);
    row.append(',').append(actuators.staleSession);
    row.append(',').append(actuatorFresh ? 1 : 0).append('\n');
    try {
      out.append(row);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trajectory " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trajectory " + file + ": " + e.getMessage(), e);
    }
  }
}
