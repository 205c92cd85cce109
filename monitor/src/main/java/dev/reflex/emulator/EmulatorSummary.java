package dev.reflex.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plant emulator's end-of-run summary for HIL reports: plant, period, duration, returns, the
 * sensor-side and actuator-side counters, the final parameters and the fault schedule. Allocates.
 */
public final class EmulatorSummary {
  private EmulatorSummary() {}

  /** The summary of {@code emulator} as ordered JSON-ready maps and lists. */
  public static Map<String, Object> of(PlantEmulator emulator) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("plant", emulator.plant().name());
    m.put("period_ns", emulator.periodNs());
    m.put("duration_s", emulator.timeS());
    m.put("return", emulator.totalReturn());
    m.put("episode_returns", emulator.episodeReturns());
    m.put("sensor", emulator.counters().toMap());
    m.put("actuator", emulator.actuatorCounters().toMap());
    m.put("parameters", emulator.plant().parameters());
    List<Map<String, Object>> faults = new ArrayList<>();
    for (Fault f : emulator.faults().faults()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("type", f.kind().jsonName());
      fm.put("start_s", f.startS());
      fm.put("end_s", Double.isInfinite(f.endS()) ? null : f.endS());
      fm.put("probability", f.probability());
      if (f.kind().valueField() != null) {
        fm.put(f.kind().valueField(), f.value());
      }
      if (f.parameter() != null) {
        fm.put("name", f.parameter());
      }
      if (f.channel() >= 0) {
        fm.put("channel", f.channel());
      }
      faults.add(fm);
    }
    m.put("faults", faults);
    return m;
  }

  /**
   * Writes the summary as indented JSON.
   *
   * @throws UncheckedIOException naming the file
   */
  public static void write(PlantEmulator emulator, Path file) {
    try {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(file.toFile(), of(emulator));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write summary " + file + ": " + e.getMessage(), e);
    }
  }
}
