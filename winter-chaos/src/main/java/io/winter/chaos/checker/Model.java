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
   */
  List<S> step(S state, Op op);

  /** Why op's OK reply cannot happen in any state of this object, or null if some state allows it. */
  String impossibleReply(Op op);

  /** True if op never changes the state, so leaving it out of a linearization changes nothing. */
  boolean isReadOnly(Op op);

  /** True if op, when OK, has a reply that some state contradicts. */
  boolean observesState(Op op);

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
   * True if op is what makes some reply in history possible at all (a write whose value a read
   * returns). The shrinker keeps such ops even where dropping them would be sound, so that the
   * witness it shows does not look like a phantom value.
   */
  boolean explainsAReply(Op op, List<Op> history);

  /**
   * True if later, linearized right after earlier, leaves the same state and gives the same reply
   * whether or not earlier took effect (later wipes out what earlier did).
   */
  boolean erases(Op later, Op earlier);
}
