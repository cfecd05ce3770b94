package io.winter.cluster;

/** The table named by a command does not exist. */
public final class MissingTableException extends RuntimeException {
  public MissingTableException(String table) {
    super("missing table " + table, null, false, false);
  }
}
