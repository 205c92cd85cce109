package dev.reflex.plant.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named, bounded physical parameters of one simulated plant. Validates every change and names
 * the parameter, the value and the allowed range (or the allowed names) in its error.
 *
 * <p>Threading: one thread at a time. Not on the hot path: plants copy values into fields.
 */
public final class ParameterTable {
  private final String plantName;
  private final LinkedHashMap<String, Integer> index = new LinkedHashMap<>();
  private double[] values = new double[0];
  private double[] mins = new double[0];
  private double[] maxs = new double[0];
  private boolean[] integral = new boolean[0];

  /** An empty table for the plant called {@code plantName} (used in error messages). */
  public ParameterTable(String plantName) {
    this.plantName = plantName;
  }

  /** Declares a real-valued parameter with its default and inclusive range; returns this. */
  public ParameterTable add(String name, double defaultValue, double min, double max) {
    return declare(name, defaultValue, min, max, false);
  }

  /** Declares a whole-number parameter with its default and inclusive range; returns this. */
  public ParameterTable addInteger(String name, int defaultValue, int min, int max) {
    return declare(name, defaultValue, min, max, true);
  }

  private ParameterTable declare(
      String name, double defaultValue, double min, double max, boolean isIntegral) {
    int i = values.length;
    index.put(name, i);
    values = java.util.Arrays.copyOf(values, i + 1);
    mins = java.util.Arrays.copyOf(mins, i + 1);
    maxs = java.util.Arrays.copyOf(maxs, i + 1);
    integral = java.util.Arrays.copyOf(integral, i + 1);
    values[i] = defaultValue;
    mins[i] = min;
    maxs[i] = max;
    integral[i] = isIntegral;
    return this;
  }

  /**
   * Changes a parameter after validating it.
   *
   * @throws IllegalArgumentException for an unknown name (listing the allowed names), a value
   *     outside the range, a non-finite value, or a fraction for a whole-number parameter
   */
  public void set(String name, double value) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          plantName
              + ": unknown parameter '"
              + name
              + "'; allowed: "
              + String.join(", ", index.keySet()));
    }
    if (!Double.isFinite(value) || value < mins[i] || value > maxs[i]) {
      throw new IllegalArgumentException(
          plantName
              + ": parameter "
              + name
              + " = "
              + value
              + " out of range ["
              + format(i, mins[i])
              + ", "
              + format(i, maxs[i])
              + "]");
    }
    if (integral[i] && value != Math.rint(value)) {
      throw new IllegalArgumentException(
          plantName + ": parameter " + name + " = " + value + " must be a whole number");
    }
    values[i] = value;
  }

  /** The current value of a declared parameter. */
  public double get(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(plantName + ": unknown parameter '" + name + "'");
    }
    return values[i];
  }

  /** A copy of every parameter, in declaration order. */
  public Map<String, Double> snapshot() {
    LinkedHashMap<String, Double> copy = new LinkedHashMap<>();
    index.forEach((name, i) -> copy.put(name, values[i]));
    return copy;
  }

  private String format(int i, double v) {
    return integral[i] ? Long.toString((long) v) : Double.toString(v);
  }
}
