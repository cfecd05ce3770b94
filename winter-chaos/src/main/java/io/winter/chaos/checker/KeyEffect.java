package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a command does and what its reply demands, as a value equal for ops that are
 * interchangeable wherever they are placed.
 *
 * @param reply the reply of an OK op (it constrains the state), null for an UNKNOWN one
 */
record KeyEffect(OpType type, String key, String value, String reply) {

  /** The effect of op, or null if it depends on when op was invoked (EXPIRE) or op is a read. */
  static KeyEffect of(Op op) {
    String reply = op.isOk() ? op.reply() : null;
    return switch (op.type()) {
      case DELETE -> new KeyEffect(OpType.DELETE, op.key(), null, reply);
      case PUTNEW -> op.hasExpiry() ? null
          : new KeyEffect(OpType.PUTNEW, op.key(), op.value(), reply);
      case CREATE, DROP -> new KeyEffect(op.type(), null, null, reply);
      default -> null;
    };
  }

  /**
   * History with the value of every PUTNEW that no GET of its key returns replaced by one
   * placeholder that no GET returns either: the states then differ only where a reply can tell.
   */
  static List<Op> mergeUnreadValues(List<Op> history) {
    Set<String> read = new HashSet<>();
    for (Op op : history) {
      if (op.isOk() && op.type() == OpType.GET) {
        read.add(op.key() + "\n" + op.reply());
      }
    }
    String placeholder = "<unread>";
    for (Op op : history) {
      while (op.isOk() && op.type() == OpType.GET && op.reply().equals(placeholder)) {
        placeholder += "'";
      }
    }
    List<Op> merged = new ArrayList<>(history.size());
    for (Op op : history) {
      boolean unread = op.type() == OpType.PUTNEW && !read.contains(op.key() + "\n" + op.value());
      merged.add(unread ? withValue(op, placeholder) : op);
    }
    return merged;
  }

  private static Op withValue(Op op, String value) {
    return new Op(op.id(), op.process(), op.type(), op.table(), op.key(), value, op.expireMs(),
        op.invokeNanos(), op.completeNanos(), op.outcome(), op.reply());
  }

  /**
   * True if op is the only PUTNEW of its key writing a value that some OK GET returns (and the
   * value is not "nil", which an absent key gives as well).
   */
  static boolean soleSourceOfARead(Op op, List<Op> history) {
    if (op.type() != OpType.PUTNEW || KeySemantics.NIL.equals(op.value())
        || !valueReadBack(op, history)) {
      return false;
    }
    for (Op other : history) {
      if (other.id() != op.id() && other.type() == OpType.PUTNEW
          && Objects.equals(other.key(), op.key()) && other.value().equals(op.value())) {
        return false;
      }
    }
    return true;
  }

  /**
   * For a PUTNEW without EXPIRE: the last complete of a GET of its key returning its value; once
   * those GETs are placed, nothing can see whether it took effect. Else never.
   */
  static long lastReadOfValue(Op op, List<Op> history) {
    if (op.type() != OpType.PUTNEW || op.hasExpiry()) {
      return Long.MAX_VALUE;
    }
    long last = Long.MIN_VALUE;
    for (Op other : history) {
      if (other.isOk() && other.type() == OpType.GET && Objects.equals(other.key(), op.key())
          && other.reply().equals(op.value())) {
        last = Math.max(last, other.completeNanos());
      }
    }
    return last;
  }

  /** For a GET that read a value (not nil): the PUTNEWs of its key writing that value. */
  static List<Op> putsReadBy(Op read, List<Op> history) {
    if (read.type() != OpType.GET || !read.isOk() || KeySemantics.NIL.equals(read.reply())) {
      return null;
    }
    List<Op> puts = new ArrayList<>();
    for (Op op : history) {
      if (op.type() == OpType.PUTNEW && Objects.equals(op.key(), read.key())
          && read.reply().equals(op.value())) {
        puts.add(op);
      }
    }
    return puts;
  }

  /**
   * True if OK op cannot happen while read's key holds the value read returned (in a table that
   * exists): a DELETE or other GET of that key, a DROP or CREATE "created", or a "missing table"
   * reply.
   */
  static boolean contradictsValueRead(Op op, Op read) {
    if (!op.isOk()) {
      return false;
    }
    if (KeyRegisterModel.MISSING_TABLE.equals(op.reply())) {
      return true;
    }
    return switch (op.type()) {
      case DROP -> true;
      case CREATE -> TableLifecycleModel.CREATED.equals(op.reply());
      case DELETE -> Objects.equals(op.key(), read.key());
      case GET -> Objects.equals(op.key(), read.key()) && !op.reply().equals(read.reply());
      case PUTNEW -> false;
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
   * True if nothing in history can observe whether op took effect; then removing it cannot make a
   * linearizable history non-linearizable.
   *
   * <p>A PUTNEW whose value no GET of its key returns: while its value is there no GET can
   * happen and every other put is a no-op; dropping it lets the next put take effect instead,
   * unseen, until the DELETE or DROP that ends both. An expiring value ends on its own, which the
   * next put's value might not, so for it there must be no other put of the key at all.
   *
   * <p>A DELETE when no GET of its key returns nil, and none returns a value some PUTNEW wrote
   * unless there is only one PUTNEW: absence can only be seen by such reads, directly or through
   * a put it let take effect.
   */
  static boolean effectNeverObserved(Op op, List<Op> history) {
    return switch (op.type()) {
      case PUTNEW -> putNeverObserved(op, history);
      case DELETE -> absenceNeverObserved(op.key(), history);
      default -> false;
    };
  }

  private static boolean putNeverObserved(Op op, List<Op> history) {
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

  private static boolean absenceNeverObserved(String key, List<Op> history) {
    Set<String> written = new HashSet<>();
    int puts = 0;
    for (Op op : history) {
      if (op.type() == OpType.PUTNEW && Objects.equals(op.key(), key)) {
        written.add(op.value());
        puts++;
      }
    }
    boolean putsReadBack = false;
    for (Op op : history) {
      if (op.isOk() && op.type() == OpType.GET && Objects.equals(op.key(), key)) {
        if (KeySemantics.NIL.equals(op.reply())) {
          return false;
        }
        putsReadBack |= written.contains(op.reply());
      }
    }
    // with a single put, a delete can only come before it (a no-op) or remove it for good, which
    // no nil read sees
    return !putsReadBack || puts <= 1;
  }
}
