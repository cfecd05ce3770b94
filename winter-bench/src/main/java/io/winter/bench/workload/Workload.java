package io.winter.bench.workload;

import java.util.Locale;

/** The operation mix of a run: unique-key writes, reads of existing keys, or 90/10 read/write. */
public enum Workload {
  WRITE(0),
  READ(100),
  MIX(90);

  private final int readPercent;

  Workload(int readPercent) {
    this.readPercent = readPercent;
  }

  /** Whether the operation drawn from {@code roll} (0..99) is a read. */
  public boolean isRead(int roll) {
    return roll < readPercent;
  }

  /** Whether the run needs keys written before it starts. */
  public boolean needsPrefill() {
    return readPercent > 0;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Workload parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
