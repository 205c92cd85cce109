package dev.reflex.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the plant emulator did to its sensor frames and actuator commands. Plain long fields written
 * by the emulator's thread.
 */
public final class EmulatorCounters {
  /** Emulator ticks (physics steps plus the first observation). */
  public long ticks;

  /** Sensor frames generated (one sequence number each). */
  public long sensorFramesGenerated;

  /** Sensor datagrams put on the wire (duplicates included). */
  public long sensorDatagramsSent;

  /** Sensor frames dropped on purpose (drop fault or a full delay queue). */
  public long dropped;

  /** Sensor frames delayed. */
  public long delayed;

  /** Sensor frames sent twice. */
  public long duplicated;

  /** Sensor frames held back and sent after the next one. */
  public long reordered;

  /** Sensor frames sent with a bad checksum. */
  public long corrupted;

  /** Sensor frames sent with the wrong version. */
  public long wrongVersion;

  /** Ticks with no fresh actuator frame (zero action applied). */
  public long actuatorTimeouts;

  /** Ticks where an actuator fault changed or ignored the command. */
  public long actuatorFaulted;

  /** Send failures (peer not listening...). */
  public long sendErrors;

  /** Episodes started (plant resets on termination, the first included). */
  public long episodes;

  /** Periods the real-time runner skipped after an overrun. */
  public long overruns;

  /** The counters by name (allocates; for summaries). */
  public Map<String, Long> toMap() {
    LinkedHashMap<String, Long> m = new LinkedHashMap<>();
    m.put("ticks", ticks);
    m.put("sensor_frames_generated", sensorFramesGenerated);
    m.put("sensor_datagrams_sent", sensorDatagramsSent);
    m.put("dropped", dropped);
    m.put("delayed", delayed);
    m.put("duplicated", duplicated);
    m.put("reordered", reordered);
    m.put("corrupted", corrupted);
    m.put("wrong_version", wrongVersion);
    m.put("actuator_timeouts", actuatorTimeouts);
    m.put("actuator_faulted", actuatorFaulted);
    m.put("send_errors", sendErrors);
    m.put("episodes", episodes);
    m.put("overruns", overruns);
    return m;
  }
}
