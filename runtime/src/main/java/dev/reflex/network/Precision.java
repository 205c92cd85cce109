package dev.reflex.network;

import java.util.Locale;

/** Arithmetic of the learner's networks: double (the reference) or float32 (the fast path). */
public enum Precision {
  /** IEEE double everywhere: the reference, checked against an independent float64 PyTorch. */
  F64("f64"),
  /** IEEE float32 for parameters, gradients, Adam moments and batches. */
  F32("f32");

  private final String id;

  Precision(String id) {
    this.id = id;
  }

  /** The name used on the command line, in configs and in checkpoint metadata. */
  public String id() {
    return id;
  }

  /**
   * Parses {@code f64}/{@code double} or {@code f32}/{@code float}, case-insensitively.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Precision parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "f64", "double", "float64" -> F64;
      case "f32", "float", "float32" -> F32;
      default ->
          throw new IllegalArgumentException(
              "unknown precision '" + text + "' (allowed: f64, f32)");
    };
  }
}
