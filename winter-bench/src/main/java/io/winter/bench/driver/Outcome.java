package io.winter.bench.driver;

/** How one operation ended. */
public enum Outcome {
  /** Written, or read and found. */
  OK,
  /** A read found no value. */
  MISS,
  /** The system answered an error, or the request failed. */
  ERROR
}
