package io.winter.bench.driver;

/**
 * One client connection (or client object) to a system. Operations may be queued until {@link
 * #flush()}, so a caller sends a pipelined batch as several calls and one flush.
 */
public interface KvConnection extends AutoCloseable {

  /** Put-if-absent of {@code value} under {@code key} in {@code table}. */
  void putNew(String table, byte[] key, byte[] value, Completion done);

  /** Reads {@code key} of {@code table}: {@link Outcome#OK} if found, {@link Outcome#MISS} if not. */
  void get(String table, byte[] key, Completion done);

  /** Sends everything queued since the last flush. */
  void flush();

  @Override
  void close();
}
