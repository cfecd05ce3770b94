package io.winter.chaos.history;

/** The Winter commands a chaos client issues and the checker models. */
public enum OpType {
  CREATE,
  DROP,
  PUTNEW,
  GET,
  DELETE;

  /** True for the commands that act on one key of a table. */
  public boolean isKeyOp() {
    return this == PUTNEW || this == GET || this == DELETE;
  }
}
