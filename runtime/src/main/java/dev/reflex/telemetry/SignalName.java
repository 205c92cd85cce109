package dev.reflex.telemetry;

import java.util.regex.Pattern;

/**
 * One named scalar of the observation or the action, with its unit, as shown on dashboards.
 *
 * @param name identifier, lower snake case, usually ending in its unit (e.g. {@code torque_nm})
 * @param unit unit symbol for people (e.g. {@code N·m}, {@code rad}); may be empty
 */
public record SignalName(String name, String unit) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  /** Validates the name. */
  public SignalName {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "signal name '" + name + "' must match " + NAME.pattern() + " (lower snake case)");
    }
    unit = unit == null ? "" : unit;
  }
}
