package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders ops as aligned human-readable lines: process, interval, command and reply. */
public final class OpLines {
  private OpLines() {}

  /** One line per op, times in milliseconds since originNanos. */
  public static List<String> format(List<Op> ops, long originNanos) {
    List<String> lines = new ArrayList<>(ops.size());
    for (Op op : ops) {
      lines.add(format(op, originNanos));
    }
    return lines;
  }

  /** E.g. {@code p3   [+12.345 .. +15.001 ms]  PUTNEW t k v  -> ok}. */
  public static String format(Op op, long originNanos) {
    String reply = switch (op.outcome()) {
      case OK -> op.reply();
      case UNKNOWN -> "UNKNOWN (" + op.reply() + ")";
      case FAIL -> "FAIL (" + op.reply() + ")";
    };
    String completed = op.isUnknown() ? "never" : millis(op.completeNanos() - originNanos);
    return String.format(Locale.ROOT, "p%-3d [%10s .. %10s ms]  %s  -> %s",
        op.process(), millis(op.invokeNanos() - originNanos), completed, op.command(), reply);
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%+.3f", nanos / 1e6);
  }
}
