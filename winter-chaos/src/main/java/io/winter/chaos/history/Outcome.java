package io.winter.chaos.history;

/** What the client learnt about whether an operation took effect. */
public enum Outcome {
  /** A reply came back; the reply says what happened. */
  OK,
  /** The operation certainly had no effect (e.g. rejected before it was sent). */
  FAIL,
  /** The operation may or may not have taken effect (timeout, connection lost, no reply yet). */
  UNKNOWN
}
