package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.List;

/**
 * The sequential specification of one independently checked object, plus the facts about its
 * operations that let the checker search less and shrink a failing history soundly.
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

  /** Why op's OK reply cannot happen in any state of this object, or null if some state allows it. */
  String impossibleReply(Op op);

  /** True if op never changes the state, so leaving it out of a linearization changes nothing. */
  boolean isReadOnly(Op op);

  /** True if op, when OK, has a reply that some state contradicts. */
  boolean observesState(Op op);

  /**
   * History (in the same order) with the values that no reply in it can tell apart made equal,
   * so that the search sees their ops as interchangeable. A model's verdict must not change.
   */
  List<Op> mergeIndistinguishable(List<Op> history);

  /**
   * A time after which nothing in history can need UNKNOWN op's effect any more: once every OK op
   * completing by then is placed, the search stops trying op.
   */
  long usefulUntil(Op op, List<Op> history);

  /**
   * A value shared by exactly those ops whose effect is the same in every state at every time, or
   * null if op is unlike any other. Among such UNKNOWN ops the search only tries the earliest.
   */
  Object sameEffectClass(Op op);

  /**
   * True if no op of history could ever see the effect of op, so that removing op from history
   * cannot make a linearizable history non-linearizable.
   */
  boolean effectUnobservable(Op op, List<Op> history);

  /**
   * True if op changes the state wherever a linearization of history places it: some reply in
   * history needs its effect and nothing else could provide it (the only write of a value that
   * a read returns). The search then never tries it as a no-op.
   */
  boolean mustTakeEffect(Op op, List<Op> history);

  /**
   * The ops of history that could make read's reply true, or null if the reply can also be true
   * without any of them (e.g. a nil read, which the initial state, a delete or an expiry explain).
   * Once all of them are placed, the search insists that the state keeps explaining the read
   * until the read is placed.
   */
  List<Op> sourcesOf(Op read, List<Op> history);

  /**
   * True if op is what makes some reply in history possible at all (a write whose value a read
   * returns). The shrinker keeps such ops even where dropping them would be sound, so that the
   * witness it shows does not look like a phantom value.
   */
  boolean explainsAReply(Op op, List<Op> history);

  /**
   * True if later, linearized right after earlier, leaves the same state and (if OK) is as
   * possible whether or not earlier took effect: later wipes out what earlier did.
   */
  boolean erases(Op later, Op earlier);
}
