package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.List;

/**
 * The sequential specification of one independently checked object ({@link #initialStates},
 * {@link #step}), plus facts about its operations that let the search and the shrinker do less.
 * The facts have defaults that are always safe and help nothing; a model that overrides one must
 * keep to what its documentation promises, or the checker may give a wrong verdict.
 *
 * <p>Ops handed to a model are OK or UNKNOWN, never FAIL. An UNKNOWN op's reply says nothing.
 *
 * @param <S> immutable state with value equality: the search memoises on it
 */
public interface Model<S> {

  /** The states the object may be in before the first operation. */
  List<S> initialStates();

  /**
   * The states the object may be in right after op takes effect in state; empty if op's reply
   * cannot happen there. More than one state when timing leaves it open (e.g. expiry).
   *
   * @param tookEffectBy a time by which op has taken effect if it is placed here, never later
   *     than its complete; for an UNKNOWN op the only such bound (the earliest complete of the OK
   *     ops placed after it)
   */
  List<S> step(S state, Op op, long tookEffectBy);

  /** Why op's OK reply cannot happen in any state of this object; null if some state allows it. */
  default String impossibleReply(Op op) {
    return null;
  }

  /** True if op never changes the state, so leaving it out of a linearization changes nothing. */
  default boolean isReadOnly(Op op) {
    return false;
  }

  /** True if op, when OK, has a reply that some state contradicts. */
  default boolean observesState(Op op) {
    return true;
  }

  /**
   * History (in the same order) with the values that no reply in it can tell apart made equal,
   * so that the search sees their ops as interchangeable. A model's verdict must not change.
   */
  default List<Op> mergeIndistinguishable(List<Op> history) {
    return history;
  }

  /**
   * A value shared by exactly those ops whose effect (and, for OK ops, whose reply's demand on
   * the state) is the same in every state at every time, or null if op is unlike any other.
   */
  default Object sameEffectClass(Op op) {
    return null;
  }

  /**
   * A time after which nothing in history can need UNKNOWN op's effect any more: once every OK op
   * completing by then is placed, the search stops trying op.
   */
  default long usefulUntil(Op op, List<Op> history) {
    return Long.MAX_VALUE;
  }

  /**
   * True if no op of history could ever see the effect of op, so that removing op from history
   * cannot make a linearizable history non-linearizable.
   */
  default boolean effectUnobservable(Op op, List<Op> history) {
    return false;
  }

  /**
   * True if op changes the state wherever a linearization of history places it: some reply in
   * history needs its effect and nothing else could provide it (the only write of a value that
   * a read returns). The search then never tries it as a no-op.
   */
  default boolean mustTakeEffect(Op op, List<Op> history) {
    return false;
  }

  /**
   * The ops of history that could make read's reply true, or null if the reply can also be true
   * without any of them (e.g. a nil read, which the initial state, a delete or an expiry explain).
   * Once all of them are placed, the search insists that the state keeps explaining the read
   * until the read is placed.
   */
  default List<Op> sourcesOf(Op read, List<Op> history) {
    return null;
  }

  /**
   * True if op, placed after every source of read (see {@link #sourcesOf}) and before read, leaves
   * no state that explains read: it wipes out or contradicts what read returned. An op that must
   * come before read (it completes before read is invoked) then must also come before its last
   * source, or the search is stuck.
   */
  default boolean contradicts(Op op, Op read) {
    return false;
  }

  /**
   * True if op is what makes some reply in history possible at all (a write whose value a read
   * returns). The shrinker keeps such ops even where dropping them would be sound, so that the
   * witness it shows does not look like a phantom value.
   */
  default boolean explainsAReply(Op op, List<Op> history) {
    return false;
  }

  /**
   * True if later, linearized right after earlier, leaves the same state and (if OK) is as
   * possible whether or not earlier took effect: later wipes out what earlier did.
   */
  default boolean erases(Op later, Op earlier) {
    return false;
  }
}
