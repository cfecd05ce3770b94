package io.winter.chaos.history;

import java.util.Objects;

/**
 * One client operation as recorded: what was asked, by which process, when, and what came back.
 *
 * @param id unique within its history
 * @param process the client (thread) that issued it; one process issues one op at a time
 * @param table the table, or null if the command has none
 * @param key the key, or null for table commands
 * @param value the data of a PUTNEW, or null
 * @param expireMs the EXPIRE of a PUTNEW in milliseconds, 0 for none
 * @param invokeNanos when the request was about to be sent ({@link System#nanoTime()})
 * @param completeNanos when the reply arrived; {@link Long#MAX_VALUE} when the outcome is UNKNOWN
 * @param reply the raw reply line, or a description of what went wrong ("connection lost")
 */
public record Op(
    long id,
    int process,
    OpType type,
    String table,
    String key,
    String value,
    long expireMs,
    long invokeNanos,
    long completeNanos,
    Outcome outcome,
    String reply) {

  public Op {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(outcome, "outcome");
    if (expireMs < 0) {
      throw new IllegalArgumentException("negative expireMs " + expireMs + " in op " + id);
    }
    if (outcome == Outcome.UNKNOWN) {
      completeNanos = Long.MAX_VALUE;
    } else if (completeNanos < invokeNanos) {
      throw new IllegalArgumentException("op " + id + " completes before it is invoked");
    }
    if (reply == null) {
      reply = "";
    }
  }

  public boolean isOk() {
    return outcome == Outcome.OK;
  }

  public boolean isUnknown() {
    return outcome == Outcome.UNKNOWN;
  }

  public boolean isFail() {
    return outcome == Outcome.FAIL;
  }

  public boolean hasExpiry() {
    return expireMs > 0;
  }

  /** The same operation with an UNKNOWN outcome and the given description as its reply. */
  public Op asUnknown(String description) {
    return new Op(id, process, type, table, key, value, expireMs, invokeNanos, Long.MAX_VALUE,
        Outcome.UNKNOWN, description);
  }

  /** The request line this op stands for, e.g. {@code PUTNEW t k v EXPIRE 100}. */
  public String command() {
    StringBuilder line = new StringBuilder(type.name());
    for (String word : new String[] {table, key, value}) {
      if (word != null) {
        line.append(' ').append(word);
      }
    }
    if (hasExpiry()) {
      line.append(" EXPIRE ").append(expireMs);
    }
    return line.toString();
  }
}
