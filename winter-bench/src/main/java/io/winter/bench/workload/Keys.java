package io.winter.bench.workload;

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
    byte[] k = new byte[KEY_BYTES];
    k[0] = 'r';
    for (int p = KEY_BYTES - 1; p >= 1; p--) {
      k[p] = (byte) ('0' + i % 10);
      i /= 10;
    }
    return k;
  }

  /** A printable value of {@code size} bytes (no space, CR or LF, so every protocol carries it). */
  public static byte[] value(int size) {
    byte[] v = new byte[size];
    for (int i = 0; i < size; i++) {
      v[i] = (byte) ('a' + i % 26);
    }
    return v;
  }

  private static void hex(long n, byte[] into, int from, int digits) {
    for (int i = from + digits - 1; i >= from; i--) {
      into[i] = (byte) Character.forDigit((int) (n & 0xF), 16);
      n >>>= 4;
    }
  }
}
