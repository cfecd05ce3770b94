package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.ArrayList;
import java.util.List;

/** What PUTNEW, GET and DELETE do to one key of an existing table, expiry included. */
final class KeySemantics {
  static final String OK = "ok";
  static final String NIL = "nil";

  private final long slackNanos;

  KeySemantics(long expirySlackMs) {
    if (expirySlackMs < 0) {
      throw new IllegalArgumentException("negative expiry slack " + expirySlackMs);
    }
    this.slackNanos = expirySlackMs * 1_000_000L;
  }

  /** True if op is a key command whose reply a live table can give (GET: any value or nil). */
  static boolean replyPossible(Op op) {
    if (!op.isOk()) {
      return true;
    }
    return switch (op.type()) {
      case GET -> true;
      case PUTNEW, DELETE -> OK.equals(op.reply());
      default -> false;
    };
  }

  /**
   * The states the key may be in right after op, linearized when the key was in state before and
   * taking effect by tookEffectBy; empty if op's reply contradicts that state.
   */
  List<KeyState> apply(KeyState before, Op op, long tookEffectBy) {
    List<KeyState> after = new ArrayList<>(2);
    if (!before.mayExpire()) {
      addIfPossible(after, effect(before, op, tookEffectBy));
      return after;
    }
    if (op.invokeNanos() < before.latestExpiry()) {
      addIfPossible(after, effect(before, op, tookEffectBy));
    }
    if (tookEffectBy > before.earliestExpiry()) {
      addIfPossible(after, effect(KeyState.ABSENT, op, tookEffectBy));
    }
    return after;
  }

  private static void addIfPossible(List<KeyState> states, KeyState state) {
    if (state != null && !states.contains(state)) {
      states.add(state);
    }
  }

  /** The state after op applied to before with no expiry in between, or null if impossible. */
  private KeyState effect(KeyState before, Op op, long tookEffectBy) {
    if (op.isOk() && !replyPossible(op)) {
      return null;
    }
    return switch (op.type()) {
      case GET -> op.isOk() && !reads(before, op.reply()) ? null : before;
      case PUTNEW -> before.isPresent() ? before : written(op, tookEffectBy);
      case DELETE -> KeyState.ABSENT;
      default -> throw new IllegalArgumentException("not a key operation: " + op);
    };
  }

  private static boolean reads(KeyState state, String reply) {
    // a stored value "nil" cannot be told apart from the nil reply on the wire
    if (NIL.equals(reply) && !state.isPresent()) {
      return true;
    }
    return reply.equals(state.value());
  }

  /**
   * The state a PUTNEW creates, with the window its deadline lies in: the write was accepted after
   * the invoke and by tookEffectBy (for an UNKNOWN put placed last, never).
   */
  private KeyState written(Op put, long tookEffectBy) {
    if (!put.hasExpiry()) {
      return KeyState.holding(put.value());
    }
    long ttl = put.expireMs() * 1_000_000L;
    long earliest = saturatedAdd(put.invokeNanos(), ttl - slackNanos);
    long latest = tookEffectBy == Long.MAX_VALUE
        ? KeyState.NEVER
        : saturatedAdd(tookEffectBy, ttl + slackNanos);
    return new KeyState(put.value(), earliest, latest);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return sum;
  }
}
