package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.List;

/**
 * Which ops can be dropped from a non-linearizable history such that the smaller history, if it
 * is still not linearizable, proves the original is not either. That holds when every
 * linearization of the history stays one without the op; dropping, say, the write a read
 * observed would instead make up a violation.
 */
final class SoundDrops {
  private final Model<?> model;

  SoundDrops(Model<?> model) {
    this.model = model;
  }

  /** True if op may be dropped from history, and doing so keeps the history readable. */
  boolean canDrop(Op op, List<Op> history) {
    if (model.explainsAReply(op, history)) {
      return false;
    }
    return model.isReadOnly(op)
        || model.effectUnobservable(op, history)
        || nothingObservesAfter(op, history)
        || erasedBeforeAnyoneLooks(op, history)
        || noOpAtTheStart(op, history);
  }

  /** Every op that could come after op has a reply no state contradicts. */
  private boolean nothingObservesAfter(Op op, List<Op> history) {
    for (Op other : history) {
      if (other.id() != op.id() && other.isOk() && model.observesState(other)
          && other.completeNanos() > op.invokeNanos()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Some OK op certainly comes after op and erases it, and every op that may come between them
   * erases it too: whatever comes right after op wipes out its effect.
   */
  private boolean erasedBeforeAnyoneLooks(Op op, List<Op> history) {
    if (!op.isOk()) {
      return false;
    }
    for (Op eraser : history) {
      if (eraser.id() != op.id() && eraser.isOk() && op.completeNanos() < eraser.invokeNanos()
          && model.erases(eraser, op) && onlyErasersBetween(op, eraser, history)) {
        return true;
      }
    }
    return false;
  }

  private boolean onlyErasersBetween(Op first, Op second, List<Op> history) {
    for (Op other : history) {
      if (other.id() == first.id() || other.id() == second.id()) {
        continue;
      }
      boolean surelyBefore = other.completeNanos() < first.invokeNanos();
      boolean surelyAfter = second.completeNanos() < other.invokeNanos();
      if (!surelyBefore && !surelyAfter && !model.erases(other, first)) {
        return false;
      }
    }
    return true;
  }

  /** Op certainly comes first and changes no initial state. */
  private boolean noOpAtTheStart(Op op, List<Op> history) {
    if (!op.isOk()) {
      return false;
    }
    for (Op other : history) {
      if (other.id() != op.id() && other.invokeNanos() <= op.completeNanos()) {
        return false;
      }
    }
    return leavesInitialStatesAlone(model, op);
  }

  private static <S> boolean leavesInitialStatesAlone(Model<S> model, Op op) {
    for (S initial : model.initialStates()) {
      if (!model.step(initial, op, op.completeNanos()).equals(List.of(initial))) {
        return false;
      }
    }
    return true;
  }
}
