package dev.metarag.trainer.spec;

/** Range checks that throw {@link InvalidSpecException} naming the field. */
final class Check {
  private Check() {}

  /** {@code value}, or {@code fallback} when it is 0; must lie in [min, max]. */
  static int intOr(String field, int value, int fallback, int min, int max) {
    int v = value == 0 ? fallback : value;
    if (v < min || v > max) {
      throw new InvalidSpecException(
          field,
          "must be between " + min + " and " + max + " (0 means " + fallback + "), got " + value);
    }
    return v;
  }

  /** A rate in (0, 1], or {@code fallback} when 0. */
  static double rateOr(String field, double value, double fallback) {
    if (Double.isNaN(value) || value < 0 || value > 1) {
      throw new InvalidSpecException(
          field, "must be in (0, 1] (0 means " + fallback + "), got " + value);
    }
    return value == 0 ? fallback : value;
  }

  static void that(boolean ok, String field, String problem) {
    if (!ok) {
      throw new InvalidSpecException(field, problem);
    }
  }
}
