package io.winter.chaos.checker;

/**
 * One key as a model sees it: absent, or a value together with the window in which its expiry
 * deadline lies (both bounds {@link #NEVER} for a value without EXPIRE).
 *
 * @param value the live value, or null when the key is absent
 * @param earliestExpiry no op completing before this (nanoTime) can see the value expired
 * @param latestExpiry no op invoked at or after this (nanoTime) can see the value still there
 */
public record KeyState(String value, long earliestExpiry, long latestExpiry) {
  /** A deadline bound that is never reached. */
  public static final long NEVER = Long.MAX_VALUE;

  public static final KeyState ABSENT = new KeyState(null, NEVER, NEVER);

  public static KeyState holding(String value) {
    return new KeyState(value, NEVER, NEVER);
  }

  public boolean isPresent() {
    return value != null;
  }

  /** True if the value may expire some time. */
  public boolean mayExpire() {
    return value != null && earliestExpiry != NEVER;
  }

  @Override
  public String toString() {
    if (value == null) {
      return "absent";
    }
    return mayExpire() ? "'" + value + "' (expiring)" : "'" + value + "'";
  }
}
