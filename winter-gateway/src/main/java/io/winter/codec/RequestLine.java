package io.winter.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One framed request: either the bytes of a line without its line ending, or the mark that a
 * line exceeded the line limit.
 *
 * @param bytes the line's bytes (empty for a too-long line); owned by this record, not copied
 * @param tooLongLimit the line limit a too-long line exceeded, or {@code -1} for a normal line
 */
public record RequestLine(byte[] bytes, int tooLongLimit) {

  private static final byte[] NONE = new byte[0];

  public RequestLine {
    Objects.requireNonNull(bytes, "bytes");
    if (tooLongLimit < -1) {
      throw new IllegalArgumentException("tooLongLimit must be -1 or a limit: " + tooLongLimit);
    }
  }

  /** A normal line; the array is taken over, not copied. */
  public static RequestLine of(byte[] bytes) {
    return new RequestLine(bytes, -1);
  }

  /** The mark for a line longer than {@code limit} bytes. */
  public static RequestLine tooLong(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    return new RequestLine(NONE, limit);
  }

  public boolean isTooLong() {
    return tooLongLimit >= 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestLine other
        && tooLongLimit == other.tooLongLimit
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + tooLongLimit;
  }

  @Override
  public String toString() {
    return isTooLong()
        ? "RequestLine[too long, limit " + tooLongLimit + "]"
        : "RequestLine[" + new String(bytes, StandardCharsets.UTF_8) + "]";
  }
}
