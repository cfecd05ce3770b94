package io.winter.command;

/** The size limits the command parser enforces, in bytes. */
public record ParserLimits(int maxKeyBytes, int maxValueBytes, int maxTableNameBytes) {

  /** The protocol's defaults: 256-byte keys, 1 MiB values, 64-byte table names. */
  public static final ParserLimits DEFAULTS = new ParserLimits(256, 1 << 20, 64);

  public ParserLimits {
    requirePositive(maxKeyBytes, "maxKeyBytes");
    requirePositive(maxValueBytes, "maxValueBytes");
    requirePositive(maxTableNameBytes, "maxTableNameBytes");
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
