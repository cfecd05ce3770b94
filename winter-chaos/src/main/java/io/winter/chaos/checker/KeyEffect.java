package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.List;
import java.util.Objects;

/** The effect of a key command that is the same whenever it is applied, as a comparable value. */
record KeyEffect(OpType type, String key, String value) {

  /** The effect of op, or null if it depends on when op was invoked (EXPIRE) or op is a read. */
  static KeyEffect of(Op op) {
    return switch (op.type()) {
      case DELETE -> new KeyEffect(OpType.DELETE, op.key(), null);
      case PUTNEW -> op.hasExpiry() ? null : new KeyEffect(OpType.PUTNEW, op.key(), op.value());
      default -> null;
    };
  }

  /** True if op is a PUTNEW whose value some OK GET of its key in history returns. */
  static boolean valueReadBack(Op op, List<Op> history) {
    if (op.type() != OpType.PUTNEW) {
      return false;
    }
    for (Op other : history) {
      if (other.isOk() && other.type() == OpType.GET && Objects.equals(other.key(), op.key())
          && other.reply().equals(op.value())) {
        return true;
      }
    }
    return false;
  }

  /**
   * True if op is a PUTNEW whose value no GET of its key in history returns. Then nothing can
   * observe that it took effect: while its value is there no GET can happen and every other put
   * is a no-op; dropping it lets the next put take effect instead, unseen, until the DELETE or
   * DROP that ends both. An expiring value ends on its own, which the next put's value might not,
   * so for it there must be no other put of the key at all.
   */
  static boolean putNeverObserved(Op op, List<Op> history) {
    if (op.type() != OpType.PUTNEW) {
      return false;
    }
    for (Op other : history) {
      if (other.id() == op.id() || !Objects.equals(other.key(), op.key())) {
        continue;
      }
      if (other.isOk() && other.type() == OpType.GET && other.reply().equals(op.value())) {
        return false;
      }
      if (op.hasExpiry() && other.type() == OpType.PUTNEW) {
        return false;
      }
    }
    return true;
  }
}
