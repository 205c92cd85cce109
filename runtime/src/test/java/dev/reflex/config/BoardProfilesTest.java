package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardProfilesTest {
  @TempDir Path dir;

  @Test
  void shouldLoadEveryBuiltInProfile() {
    for (String name : BoardProfiles.BUILT_IN) {
      BoardProfile p = BoardProfiles.builtIn(name);
      assertEquals(name, p.name());
    }
  }

  @Test
  void shouldMapThePi5HeaderToRp1LinesWithFourPwmChannels() {
    BoardProfile p = BoardProfiles.builtIn("raspberry-pi-5");
    assertEquals(40, p.header().size());
    assertEquals(18, p.headerPin(12).orElseThrow().line());
    assertEquals("pinctrl-rp1", p.gpiochipLabel());
    assertTrue(p.gpiochipAliases().contains("gpiochip4"));
    assertEquals(
        List.of(0, 1, 2, 3),
        p.pwm().stream().map(BoardProfile.PwmOutput::channel).sorted().toList());
    assertEquals(28, p.header().stream().filter(BoardProfile.HeaderPin::isGpio).count());
  }

  @Test
  void shouldShareOnePwmChannelBetweenGpio12And18OnThePi4() {
    BoardProfile p = BoardProfiles.builtIn("raspberry-pi-4");
    assertEquals(p.pwmOn(32).orElseThrow().channel(), p.pwmOn(12).orElseThrow().channel());
  }

  @Test
  void shouldDescribeTheOrinNanoHeaderFromTegra234Lines() {
    BoardProfile p = BoardProfiles.builtIn("jetson-orin-nano");
    assertEquals(6, p.cores());
    assertEquals(85, p.headerPin(15).orElseThrow().line());
    assertEquals(List.of(15, 32, 33), p.pwm().stream().map(BoardProfile.PwmOutput::pin).toList());
    assertEquals(7, p.i2c().get(0).bus());
    assertFalse(p.headerPin(3).orElseThrow().isGpio());
  }

  @Test
  void shouldHaveNoPinsOnTheSimBoard() {
    BoardProfile p = BoardProfiles.builtIn("sim");
    assertFalse(p.hasGpio());
    assertEquals(0, p.cores());
  }

  @Test
  void shouldReportEveryProblemOfAProfileFile() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        """
        name: bad
        model: Bad board
        cores: 2
        control_cpu: 5
        gpiochip: gpiochip0
        header:
          - {pin: 1, name: GPIO1, line: 1}
          - {pin: 1, name: GPIO2, line: 1}
        pwm:
          - {pin: 9, chip: pwmchip0, channel: 0}
        colour: red
        """);
    ConfigException e = assertThrows(ConfigException.class, () -> BoardProfiles.load(f));
    List<Integer> lines = e.problems().stream().map(ConfigProblem::line).toList();
    assertEquals(List.of(4, 8, 8, 10, 11), lines, e.getMessage());
  }
}
