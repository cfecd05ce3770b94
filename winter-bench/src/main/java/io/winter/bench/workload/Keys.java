package io.winter.bench.workload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The keys, values and table names every driver is given, so all systems see the same bytes. */
public final class Keys {

  /** Every key is exactly this long, as the issue asks. */
  public static final int KEY_BYTES = 16;

  private Keys() {}

  /** The table name of index {@code i} ({@code bench0}, {@code bench1}, ...). */
  public static String table(int i) {
    return "bench" + i;
  }

  /** The {@code seq}-th unique key written by connection {@code conn}: 'w', 5 hex, 10 hex. */
  public static byte[] writeKey(int conn, long seq) {
    byte[] k = new byte[KEY_BYTES];
    k[0] = 'w';
    hex(conn, k, 1, 5);
    hex(seq, k, 6, 10);
    return k;
  }

  /** The {@code i}-th key written before a read run: 'r' and 15 decimal digits. */
  public static byte[] readKey(long i) {
    return String.format("r%015d", i).getBytes(StandardCharsets.US_ASCII);
  }

  /** A printable value of {@code size} bytes (no space, CR or LF, so every protocol carries it). */
  public static byte[] value(int size) {
    byte[] v = new byte[size];
    for (int i = 0; i < size; i++) {
      v[i] = (byte) ('a' + i % 26);
    }
    return v;
  }

  /** Whether {@code b} looks like a value made by {@link #value} of {@code size} bytes. */
  public static boolean isValue(byte[] b, int size) {
    return b != null && b.length == size && Arrays.equals(b, value(size));
  }

  private static void hex(long n, byte[] into, int from, int digits) {
    for (int i = from + digits - 1; i >= from; i--) {
      into[i] = (byte) Character.forDigit((int) (n & 0xF), 16);
      n >>>= 4;
    }
  }
}
