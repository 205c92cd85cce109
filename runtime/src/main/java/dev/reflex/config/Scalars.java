package dev.reflex.config;

/** Reading plain YAML scalars as numbers. */
final class Scalars {
  private Scalars() {}

  /** Decimal or {@code 0x} hexadecimal integer (underscores allowed), or null. */
  static Long parseLong(String text) {
    String t = text.replace("_", "");
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Long.parseLong(t.substring(2), 16);
      }
      if (!t.matches("[-+]?[0-9]+")) {
        return null;
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A finite decimal number ({@code 1}, {@code -0.5}, {@code 1e-4}), or null. */
  static Double parseDouble(String text) {
    Long l = parseLong(text);
    if (l != null) {
      return l.doubleValue();
    }
    if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
      return null;
    }
    double d = Double.parseDouble(text);
    return Double.isFinite(d) ? d : null;
  }

  /** {@code 100} for 100.0, {@code 0.5} for 0.5. */
  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
