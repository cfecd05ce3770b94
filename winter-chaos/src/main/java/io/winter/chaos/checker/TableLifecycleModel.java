package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.ArrayList;
import java.util.List;

/**
 * One table that is CREATEd and DROPped during the run, together with the key commands on its
 * (few) keys.
 *
 * <p>The search over such a table grows with the product of what is uncertain about each key
 * (concurrent writers, EXPIRE deadlines); keep these tables to one to three keys, and expect an
 * UNDECIDED on thousands of heavily concurrent expiring ops rather than a verdict.
 */
public final class TableLifecycleModel implements Model<TableState> {
  static final String CREATED = "created";
  static final String ALREADY_CREATED = "already created";
  static final String DROPPED = "dropped";
  static final String MISSING_TABLE = KeyRegisterModel.MISSING_TABLE;

  private final KeySemantics semantics;
  private final List<TableState> initialStates;

  /**
   * A model in which the table may or may not exist (empty) when the history starts, allowing
   * expiry deadlines to be off by up to expirySlackMs either way.
   */
  public TableLifecycleModel(long expirySlackMs) {
    this(expirySlackMs, List.of(TableState.MISSING, TableState.EMPTY));
  }

  /** A model in which the table exists (empty) or not when the history starts. */
  public TableLifecycleModel(long expirySlackMs, boolean existsAtStart) {
    this(expirySlackMs, List.of(existsAtStart ? TableState.EMPTY : TableState.MISSING));
  }

  // never with keys present: KeyEffect's rules for dropping ops assume every key starts absent
  private TableLifecycleModel(long expirySlackMs, List<TableState> initialStates) {
    this.semantics = new KeySemantics(expirySlackMs);
    this.initialStates = initialStates;
  }

  @Override
  public List<TableState> initialStates() {
    return initialStates;
  }

  @Override
  public List<TableState> step(TableState state, Op op, long tookEffectBy) {
    boolean unknown = !op.isOk();
    String reply = op.reply();
    return switch (op.type()) {
      case CREATE -> {
        if (unknown || (state.exists() ? ALREADY_CREATED : CREATED).equals(reply)) {
          yield List.of(state.exists() ? state : TableState.EMPTY);
        }
        yield List.of();
      }
      case DROP -> {
        if (unknown || (state.exists() ? DROPPED : MISSING_TABLE).equals(reply)) {
          yield List.of(TableState.MISSING);
        }
        yield List.of();
      }
      default -> keyStep(state, op, tookEffectBy);
    };
  }

  private List<TableState> keyStep(TableState state, Op op, long tookEffectBy) {
    boolean saysMissing = op.isOk() && MISSING_TABLE.equals(op.reply());
    if (!state.exists()) {
      return op.isOk() && !saysMissing ? List.of() : List.of(state);
    }
    if (saysMissing) {
      return List.of();
    }
    List<TableState> after = new ArrayList<>(2);
    for (KeyState k : semantics.apply(state.key(op.key()), op, tookEffectBy)) {
      after.add(state.with(op.key(), k));
    }
    return after;
  }

  @Override
  public String impossibleReply(Op op) {
    if (!op.isOk()) {
      return null;
    }
    String reply = op.reply();
    boolean possible = switch (op.type()) {
      case CREATE -> CREATED.equals(reply) || ALREADY_CREATED.equals(reply);
      case DROP -> DROPPED.equals(reply) || MISSING_TABLE.equals(reply);
      default -> MISSING_TABLE.equals(reply) || KeySemantics.replyPossible(op);
    };
    return possible
        ? null
        : "no state of a table explains the reply '" + reply + "' to " + op.type();
  }

  @Override
  public boolean isReadOnly(Op op) {
    if (op.type() == OpType.GET) {
      return true;
    }
    if (!op.isOk()) {
      return false;
    }
    // replies that are only possible where the op changes nothing
    return switch (op.type()) {
      case CREATE -> ALREADY_CREATED.equals(op.reply());
      default -> MISSING_TABLE.equals(op.reply());
    };
  }

  @Override
  public boolean observesState(Op op) {
    return op.isOk();
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
    return KeyEffect.of(op);
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
    return MISSING_TABLE.equals(read.reply()) ? null : KeyEffect.putsReadBy(read, history);
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
    if (!earlier.type().isKeyOp()) {
      return false;
    }
    boolean replyOk = !later.isOk() || switch (later.type()) {
      case DROP -> DROPPED.equals(later.reply());
      case DELETE -> KeySemantics.OK.equals(later.reply());
      default -> false;
    };
    return replyOk && (later.type() == OpType.DROP
        || (later.type() == OpType.DELETE && later.key().equals(earlier.key())));
  }
}
