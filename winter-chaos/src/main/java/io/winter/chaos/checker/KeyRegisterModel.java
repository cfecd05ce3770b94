package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.List;

/**
 * One key of a table that exists throughout the run: PUTNEW (put-if-absent, optionally expiring),
 * GET and DELETE on that key.
 */
public final class KeyRegisterModel implements Model<KeyState> {
  static final String MISSING_TABLE = "missing table";

  private final KeySemantics semantics;

  /** A model allowing expiry deadlines to be off by up to expirySlackMs either way. */
  public KeyRegisterModel(long expirySlackMs) {
    this.semantics = new KeySemantics(expirySlackMs);
  }

  @Override
  public List<KeyState> initialStates() {
    return List.of(KeyState.ABSENT);
  }

  @Override
  public List<KeyState> step(KeyState state, Op op, long tookEffectBy) {
    return semantics.apply(state, op, tookEffectBy);
  }

  @Override
  public String impossibleReply(Op op) {
    if (!op.type().isKeyOp()) {
      return op.type() + " is not an operation on one key";
    }
    if (op.isOk() && MISSING_TABLE.equals(op.reply())) {
      return "table " + op.table() + " replied 'missing table', but it is never dropped";
    }
    if (!KeySemantics.replyPossible(op)) {
      return "no state of a key explains the reply '" + op.reply() + "' to " + op.type();
    }
    return null;
  }

  @Override
  public boolean isReadOnly(Op op) {
    return op.type() == OpType.GET;
  }

  @Override
  public boolean observesState(Op op) {
    return op.isOk() && op.type() == OpType.GET;
  }

  @Override
  public List<Op> mergeIndistinguishable(List<Op> history) {
    return KeyEffect.mergeUnreadValues(history);
  }

  @Override
  public long usefulUntil(Op op, List<Op> history) {
    return KeyEffect.lastReadOfValue(op, history);
  }

  @Override
  public Object sameEffectClass(Op op) {
    return op.type().isKeyOp() ? KeyEffect.of(op) : null;
  }

  @Override
  public boolean effectUnobservable(Op op, List<Op> history) {
    return KeyEffect.effectNeverObserved(op, history);
  }

  @Override
  public boolean mustTakeEffect(Op op, List<Op> history) {
    return op.isOk() && KeySemantics.OK.equals(op.reply())
        && KeyEffect.soleSourceOfARead(op, history);
  }

  @Override
  public List<Op> sourcesOf(Op read, List<Op> history) {
    return KeyEffect.putsReadBy(read, history);
  }

  @Override
  public boolean contradicts(Op op, Op read) {
    return KeyEffect.contradictsValueRead(op, read);
  }

  @Override
  public boolean explainsAReply(Op op, List<Op> history) {
    return KeyEffect.valueReadBack(op, history);
  }

  @Override
  public boolean erases(Op later, Op earlier) {
    return later.type() == OpType.DELETE && earlier.type().isKeyOp();
  }
}
