package dev.reflex.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.config.BoardProfile;
import dev.reflex.config.BoardProfiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every board profile in boards/ validates, is built into the runtime and is self-consistent. */
class ShippedBoardTest {

  private static List<Path> profiles() throws Exception {
    try (var files = Files.list(Path.of("boards"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void shouldShipEveryBuiltInProfile() throws Exception {
    List<String> names =
        profiles().stream().map(p -> p.getFileName().toString().replace(".yaml", "")).toList();
    assertEquals(BoardProfiles.BUILT_IN.stream().sorted().toList(), names);
  }

  @Test
  void shouldValidateEveryProfileFile() throws Exception {
    for (Path f : profiles()) {
      BoardProfile p = BoardProfiles.load(f);
      assertEquals(f.getFileName().toString().replace(".yaml", ""), p.name(), f.toString());
      if (p.hasGpio()) {
        assertEquals(40, p.header().size(), f + ": a 40-pin header");
        assertTrue(p.controlCpu() >= 0 && p.controlCpu() < p.cores(), f + ": control cpu");
        assertTrue(p.learnerCpu() != p.controlCpu(), f + ": learner on its own core");
        for (BoardProfile.PwmOutput pwm : p.pwm()) {
          assertTrue(p.headerPin(pwm.pin()).orElseThrow().isGpio(), f + ": PWM pin " + pwm.pin());
        }
        for (BoardProfile.I2cBus bus : p.i2c()) {
          assertTrue(
              p.headerPin(bus.sdaPin()).isPresent() && p.headerPin(bus.sclPin()).isPresent());
        }
      }
    }
  }

  @Test
  void shouldBundleTheSameProfilesInTheRuntime() throws Exception {
    for (Path f : profiles()) {
      try (InputStream in =
          BoardProfiles.class.getResourceAsStream("/dev/reflex/config/boards/" + f.getFileName())) {
        assertTrue(in != null, f + " missing from the runtime's resources");
        assertEquals(Files.readString(f), new String(in.readAllBytes()), f.toString());
      }
    }
  }

  @Test
  void shouldPlaceTheStandardPiHeaderOnBcmLines() throws Exception {
    for (String board : List.of("raspberry-pi-4", "raspberry-pi-5")) {
      BoardProfile p = BoardProfiles.builtIn(board);
      assertEquals(2, p.headerPin(3).orElseThrow().line());
      assertEquals(18, p.headerPin(12).orElseThrow().line());
      assertEquals(12, p.headerPin(32).orElseThrow().line());
      assertEquals(21, p.headerPin(40).orElseThrow().line());
      assertEquals("GND", p.headerPin(39).orElseThrow().name());
    }
  }
}
