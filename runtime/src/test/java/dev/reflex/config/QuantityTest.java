package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantityTest {
  @Test
  void shouldConvertToTheCanonicalUnit() {
    String[] error = new String[1];
    assertEquals(1000.0, Quantity.parse("1 kHz", "Hz", error).orElseThrow().value());
    assertEquals(500.0, Quantity.parse("500Hz", "Hz", error).orElseThrow().value());
    assertEquals(2.5, Quantity.parse("2.5 ms", "ms", error).orElseThrow().value());
    assertEquals(2500.0, Quantity.parse("2.5 ms", "us", error).orElseThrow().value(), 1e-9);
  }

  @Test
  void shouldExplainAMissingOrWrongUnit() {
    String[] error = new String[1];
    assertTrue(Quantity.parse("500", "Hz", error).isEmpty());
    assertTrue(error[0].contains("missing unit"), error[0]);
    assertTrue(error[0].contains("Hz, kHz, MHz"), error[0]);
    assertTrue(Quantity.parse("500 ms", "Hz", error).isEmpty());
    assertTrue(error[0].contains("wrong unit `ms`"), error[0]);
    assertTrue(Quantity.parse("fast", "Hz", error).isEmpty());
    assertTrue(error[0].contains("expected a number"), error[0]);
  }
}
