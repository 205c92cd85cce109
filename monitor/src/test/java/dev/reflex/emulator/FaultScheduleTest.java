package dev.reflex.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.sim.Pendulum;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultScheduleTest {
  @TempDir Path dir;

  private Path write(String json) throws IOException {
    Path f = dir.resolve("faults.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void shouldReadACapOnConsecutiveHitsForPerFrameFaultsOnly() throws IOException {
    FaultSchedule s =
        FaultSchedule.load(
            write("{\"faults\": [{\"type\": \"corrupt\", \"probability\": 0.1, \"max_run\": 1}]}"));
    assertEquals(1, s.get(0).maxRun());
    assertEquals(
        0, FaultSchedule.load(write("{\"faults\": [{\"type\": \"drop\"}]}")).get(0).maxRun());
    IllegalArgumentException notPerFrame =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FaultSchedule.load(
                    write(
                        "{\"faults\": [{\"type\": \"delay\", \"delay_ms\": 5, \"max_run\": 1}]}")));
    assertTrue(
        notPerFrame.getMessage().contains("unknown field 'max_run'"), notPerFrame.getMessage());
    IllegalArgumentException fraction =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FaultSchedule.load(
                    write("{\"faults\": [{\"type\": \"corrupt\", \"max_run\": 1.5}]}")));
    assertTrue(fraction.getMessage().contains("max_run 1.5"), fraction.getMessage());
  }

  @Test
  void shouldLoadEveryFaultKindFromJson() throws IOException {
    FaultSchedule s =
        FaultSchedule.load(
            write(
                """
                {"faults": [
                  {"type": "sensor_noise", "start_s": 1, "end_s": 2, "std": 0.1},
                  {"type": "sensor_bias", "start_s": 1, "bias": 0.2, "channel": 2},
                  {"type": "drop", "start_s": 0, "end_s": 3, "probability": 0.5},
                  {"type": "delay", "delay_ms": 20},
                  {"type": "duplicate"}, {"type": "reorder"}, {"type": "corrupt"},
                  {"type": "wrong_version"}, {"type": "freeze_sensor", "start_s": 4, "end_s": 5},
                  {"type": "set_parameter", "start_s": 5, "name": "mass_kg", "value": 1.3},
                  {"type": "actuator_saturate", "level": 0.5},
                  {"type": "actuator_ignore", "start_s": 8, "end_s": 9}
                ]}
                """));
    assertEquals(12, s.size());
    assertEquals(EmulatedFaultKind.SENSOR_NOISE, s.get(0).kind());
    assertEquals(0.1, s.get(0).value(), 0.0);
    assertEquals(2, s.get(1).channel());
    assertEquals(Double.POSITIVE_INFINITY, s.get(1).endS(), 0.0);
    assertEquals(0.5, s.get(2).probability(), 0.0);
    assertEquals("mass_kg", s.get(9).parameter());
    s.validateFor(new Pendulum());
    s.update(1.5);
    assertTrue(s.isActive(0) && s.justStarted(0));
    s.update(2.0);
    assertFalse(s.isActive(0));
    assertTrue(s.justEnded(0));
    assertNull(EmulatedFaultKind.fromJsonName("nope"));
  }

  @Test
  void shouldNameFileIndexAndFieldInErrors() throws IOException {
    Path f = write("{\"faults\": [{\"type\": \"drop\"}, {\"type\": \"explode\"}]}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FaultSchedule.load(f));
    assertTrue(e.getMessage().contains(f + ": faults[1]: type 'explode' unknown"), e.getMessage());
    Path g = write("[{\"type\": \"delay\"}]");
    e = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.load(g));
    assertTrue(e.getMessage().contains("faults[0]: delay: field 'delay_ms' missing"));
    Path h = write("[{\"type\": \"drop\", \"start_s\": 3, \"end_s\": 1}]");
    e = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.load(h));
    assertTrue(e.getMessage().contains("start_s 3.0 and end_s 1.0"), e.getMessage());
    Path i = write("[{\"type\": \"drop\", \"probability\": 2}]");
    e = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.load(i));
    assertTrue(e.getMessage().contains("probability 2.0 out of range [0, 1]"), e.getMessage());
    Path j = write("[{\"type\": \"drop\", \"std\": 2}]");
    e = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.load(j));
    assertTrue(e.getMessage().contains("unknown field 'std'"), e.getMessage());
    Path k = write("{not json");
    e = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.load(k));
    assertTrue(e.getMessage().startsWith("fault file " + k), e.getMessage());
  }

  @Test
  void shouldRejectUnknownParametersForThePlant() {
    FaultSchedule s = new FaultSchedule(List.of(Fault.setParameter(1, 2, "mass", 2.0)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.validateFor(new Pendulum()));
    assertTrue(e.getMessage().contains("faults[0]: pendulum: unknown parameter 'mass'"));
    FaultSchedule t =
        new FaultSchedule(List.of(new Fault(EmulatedFaultKind.SENSOR_BIAS, 0, 1, 1, 0.1, null, 3)));
    assertThrows(IllegalArgumentException.class, () -> t.validateFor(new Pendulum()));
  }
}
