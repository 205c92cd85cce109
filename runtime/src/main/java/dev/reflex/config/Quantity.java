package dev.reflex.config;

import java.util.Map;
import java.util.Optional;

/**
 * A physical quantity written with its unit ({@code 500 Hz}, {@code 1 kHz}, {@code 20 ms}),
 * converted to the unit the schema asks for.
 *
 * @param value the value in {@code unit}
 * @param unit the canonical unit the value was converted to (the schema's {@code x-unit})
 * @param text the text as written, for messages and {@code --print}
 */
public record Quantity(double value, String unit, String text) {

  private static final Map<String, Map<String, Double>> FAMILIES =
      Map.of(
          "Hz", Map.of("Hz", 1.0, "kHz", 1e3, "MHz", 1e6),
          "s", Map.of("ns", 1e-9, "us", 1e-6, "ms", 1e-3, "s", 1.0));

  /** The units accepted where {@code canonical} is expected, e.g. {@code Hz, kHz, MHz}. */
  static Map<String, Double> family(String canonical) {
    for (Map<String, Double> f : FAMILIES.values()) {
      if (f.containsKey(canonical)) {
        return f;
      }
    }
    return Map.of(canonical, 1.0);
  }

  /** The accepted unit names, smallest first, e.g. {@code Hz, kHz, MHz}. */
  static String unitNames(String canonical) {
    return String.join(
        ", ",
        family(canonical).entrySet().stream()
            .sorted(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .toList());
  }

  /**
   * Parses {@code text} as {@code <number> <unit>} and converts it to {@code canonical}.
   *
   * @return the quantity, or empty with {@code error[0]} set to the reason
   */
  static Optional<Quantity> parse(String text, String canonical, String[] error) {
    Map<String, Double> units = family(canonical);
    String allowed = unitNames(canonical);
    String t = text.strip();
    int split = 0;
    while (split < t.length() && "0123456789.+-eE".indexOf(t.charAt(split)) >= 0) {
      split++;
    }
    String number = t.substring(0, split);
    String unit = t.substring(split).strip();
    double v;
    try {
      v = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      error[0] = "expected a number with a unit (" + allowed + "), e.g. 100 " + canonical;
      return Optional.empty();
    }
    if (unit.isEmpty()) {
      error[0] =
          "missing unit: write e.g. "
              + number
              + " "
              + canonical
              + " (allowed units: "
              + allowed
              + ")";
      return Optional.empty();
    }
    Double factor = units.get(unit);
    if (factor == null) {
      error[0] = "wrong unit `" + unit + "`: allowed units are " + allowed;
      return Optional.empty();
    }
    if (!Double.isFinite(v)) {
      error[0] = "expected a finite number";
      return Optional.empty();
    }
    return Optional.of(new Quantity(v * factor / units.get(canonical), canonical, t));
  }

  @Override
  public String toString() {
    return text;
  }
}
