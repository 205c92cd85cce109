package dev.reflex.telemetry;

import java.nio.charset.StandardCharsets;

/**
 * Writes the flat JSON objects of the telemetry topics: one level, numeric fields, strings only
 * where unavoidable. Non-finite numbers (NaN, infinities) are written as {@code null}, since JSON
 * has no literal for them. One instance is reused for every payload.
 *
 * <p>Threading: one thread (the telemetry thread, or the monitor). Allocates the returned bytes.
 */
public final class TelemetryJson {
  private final StringBuilder sb = new StringBuilder(1024);
  private boolean first;
  private boolean firstInArray;

  /** Starts a new object, discarding anything written before. */
  public TelemetryJson begin() {
    sb.setLength(0);
    sb.append('{');
    first = true;
    return this;
  }

  /** Adds a numeric field. */
  public TelemetryJson number(String name, double value) {
    key(name);
    appendNumber(value);
    return this;
  }

  /** Adds an integer field. */
  public TelemetryJson number(String name, long value) {
    key(name);
    sb.append(value);
    return this;
  }

  /** Adds a string field. */
  public TelemetryJson string(String name, String value) {
    key(name);
    appendString(value);
    return this;
  }

  /** Adds a boolean field. */
  public TelemetryJson bool(String name, boolean value) {
    key(name);
    sb.append(value);
    return this;
  }

  /** Adds an array of numbers. */
  public TelemetryJson numbers(String name, double[] values, int count) {
    beginArray(name);
    for (int i = 0; i < count; i++) {
      arrayNumber(values[i]);
    }
    return endArray();
  }

  /** Adds an array of integers. */
  public TelemetryJson numbers(String name, int[] values) {
    beginArray(name);
    for (int v : values) {
      arrayNumber(v);
    }
    return endArray();
  }

  /** Starts an array field; follow with {@link #arrayNumber}/{@link #arrayString}. */
  public TelemetryJson beginArray(String name) {
    key(name);
    sb.append('[');
    firstInArray = true;
    return this;
  }

  /** Adds a number to the open array. */
  public TelemetryJson arrayNumber(double value) {
    arraySeparator();
    appendNumber(value);
    return this;
  }

  /** Adds a string to the open array. */
  public TelemetryJson arrayString(String value) {
    arraySeparator();
    appendString(value);
    return this;
  }

  /** Closes the open array. */
  public TelemetryJson endArray() {
    sb.append(']');
    return this;
  }

  /** Characters written so far (to keep payloads under a size limit). */
  public int length() {
    return sb.length();
  }

  /** Closes the object and returns it as UTF-8. */
  public byte[] end() {
    sb.append('}');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void key(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    appendString(name);
    sb.append(':');
  }

  private void arraySeparator() {
    if (!firstInArray) {
      sb.append(',');
    }
    firstInArray = false;
  }

  private void appendNumber(double v) {
    if (!Double.isFinite(v)) {
      sb.append("null");
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      sb.append((long) v);
    } else {
      sb.append(v);
    }
  }

  private void appendString(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
