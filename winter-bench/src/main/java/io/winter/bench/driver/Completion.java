package io.winter.bench.driver;

/** Called once when an operation ends, on whatever thread the client library completes it. */
@FunctionalInterface
public interface Completion {

  /** {@code detail} says what went wrong when {@code outcome} is {@link Outcome#ERROR}, else null. */
  void done(Outcome outcome, String detail);
}
