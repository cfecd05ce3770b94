package io.winter.cluster;

/** A table's Raft group could not serve a command in time (no leader, no majority). */
public final class TableUnavailableException extends RuntimeException {
  public TableUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
