package dev.reflex.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option value types every Reflex command (runtime and trainer) parses the same way: durations
 * with units and counts that must be positive. Each converter's message names the value and what is
 * expected; picocli prefixes the option name.
 */
public final class CliValues {
  private CliValues() {}

  /**
   * Parses a duration: {@code 250us}, {@code 500ms}, {@code 30s}, {@code 2m} (or {@code 2min}),
   * {@code 1h}, or a plain number of seconds ({@code 1.5}); must be greater than 0.
   *
   * @param value the option's text; not modified
   * @return the duration
   * @throws TypeConversionException if the text is not such a duration
   */
  public static Duration duration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    String unit = v.replaceAll("^[-+0-9.e]+", "");
    String number = v.substring(0, v.length() - unit.length());
    double scaleS =
        switch (unit.trim()) {
          case "us" -> 1e-6;
          case "ms" -> 1e-3;
          case "", "s" -> 1;
          case "m", "min" -> 60;
          case "h" -> 3600;
          default -> Double.NaN;
        };
    double seconds;
    try {
      seconds = Double.parseDouble(number) * scaleS;
    } catch (NumberFormatException e) {
      seconds = Double.NaN;
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration > 0 (e.g. 500ms, 30s, 2m, 1h)");
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /**
   * Parses a whole number, requiring it to be at least {@code min}.
   *
   * @param value the option's text; not modified
   * @param min the smallest accepted value
   * @return the number
   * @throws TypeConversionException if the text is not such a number
   */
  public static long count(String value, long min) {
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a whole number (expected a number " + bound(min) + ")");
    }
    if (n < min) {
      throw new TypeConversionException("'" + value + "': expected a number " + bound(min));
    }
    return n;
  }

  private static String bound(long min) {
    return min == 1 ? "> 0" : ">= " + min;
  }

  /** {@link #duration} as a picocli converter. */
  public static final class DurationValue implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return duration(value);
    }
  }

  /** A {@code long} count &gt; 0. */
  public static final class PositiveLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return count(value, 1);
    }
  }

  /** An {@code int} count &gt; 0. */
  public static final class PositiveInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Math.toIntExact(count(value, 1));
    }
  }

  /** An {@code int} count &gt;= 0 (0 meaning "off" where the option says so). */
  public static final class NonNegativeInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Math.toIntExact(count(value, 0));
    }
  }

  /** "1 action", "2 actions". */
  public static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
