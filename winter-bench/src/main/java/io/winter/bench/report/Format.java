package io.winter.bench.report;

import java.util.Locale;

/** Number formats of the report. */
final class Format {

  private Format() {}

  /** Operations per second, grouped by thousands, no decimals. */
  static String ops(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
  }

  /** Microseconds as milliseconds with two decimals. */
  static String ms(double us) {
    return Double.isNaN(us) ? "–" : String.format(Locale.ROOT, "%.2f", us / 1000);
  }

  static String mib(double bytes) {
    return Double.isNaN(bytes) ? "–" : String.format(Locale.ROOT, "%.0f", bytes / (1024 * 1024));
  }

  static String fixed(double v, int decimals) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String ratio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
  }
}
