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
  public List<KeyState> step(KeyState state, Op op) {
    return semantics.apply(state, op);
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
  public Object sameEffectClass(Op op) {
    return KeyEffect.of(op);
  }

  @Override
  public boolean effectUnobservable(Op op, List<Op> history) {
    return KeyEffect.putNeverObserved(op, history);
  }

  @Override
  public boolean explainsAReply(Op op, List<Op> history) {
    return KeyEffect.valueReadBack(op, history);
  }

  @Override
  public boolean erases(Op later, Op earlier) {
    return later.isOk() && later.type() == OpType.DELETE && earlier.type().isKeyOp();
  }
}
