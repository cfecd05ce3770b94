package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a non-linearizable history of one object down to a small sub-history that is still not
 * linearizable, and whose failure implies the original's, so a person can see the bug in it.
 *
 * <p>First the shortest failing prefix by completion order, found by bisection. Then, repeatedly
 * from the last op back, each op that {@link SoundDrops} allows is dropped if the history stays
 * non-linearizable. Every check costs one search; a budget bounds their number.
 */
final class HistoryShrinker<S> {
  private static final int FIRST_PROBE = 16;

  private final Model<S> model;
  private final SoundDrops drops;
  private final long maxStatesPerCheck;
  private int checksLeft;

  HistoryShrinker(Model<S> model, long maxStatesPerCheck, int maxChecks) {
    this.model = model;
    this.drops = new SoundDrops(model);
    this.maxStatesPerCheck = maxStatesPerCheck;
    this.checksLeft = maxChecks;
  }

  /**
   * The shortest prefix of history that is decidedly not linearizable, or empty if none is found.
   * When the whole history is not known to fail (its own check was undecided), prefixes of
   * doubling length are tried until one fails, one is undecided, or the whole is reached.
   */
  Optional<List<Op>> shortestFailingPrefix(List<Op> history, boolean wholeFails) {
    long[] cuts = history.stream().filter(Op::isOk).mapToLong(Op::completeNanos).sorted().toArray();
    if (cuts.length == 0) {
      return wholeFails ? Optional.of(history) : Optional.empty();
    }
    int passing = 0;
    int failing = cuts.length;
    if (!wholeFails) {
      failing = -1;
      for (int k = FIRST_PROBE; k < cuts.length && failing < 0; k *= 2) {
        Verdict verdict = verdict(prefix(history, cuts[k - 1]));
        switch (verdict) {
          case NOT_LINEARIZABLE -> failing = k;
          case LINEARIZABLE -> passing = k;
          case UNDECIDED -> {
            return Optional.empty();
          }
        }
      }
      if (failing < 0) {
        return Optional.empty();
      }
    }
    while (failing - passing > 1 && checksLeft > 0) {
      int mid = (passing + failing) >>> 1;
      if (verdict(prefix(history, cuts[mid - 1])) == Verdict.NOT_LINEARIZABLE) {
        failing = mid;
      } else {
        passing = mid;
      }
    }
    return Optional.of(prefix(history, cuts[failing - 1]));
  }

  /**
   * History as a client would have seen it at time cut: ops invoked later are left out, and ops
   * still running then become UNKNOWN. Any linearization of the whole history gives one of this,
   * so if it fails, so does the whole.
   */
  static List<Op> prefix(List<Op> history, long cut) {
    List<Op> prefix = new ArrayList<>();
    for (Op op : history) {
      if (op.invokeNanos() > cut) {
        continue;
      }
      if (op.isOk() && op.completeNanos() > cut) {
        prefix.add(op.asUnknown("in flight at the cut (really replied '" + op.reply() + "')"));
      } else {
        prefix.add(op);
      }
    }
    return prefix;
  }

  /** A non-linearizable history with every soundly droppable op dropped that keeps it failing. */
  List<Op> dropWhileFailing(List<Op> failing) {
    List<Op> current = LinearizationSearch.relevantOps(model, failing);
    boolean progress = true;
    while (progress && checksLeft > 0) {
      progress = false;
      for (int i = current.size() - 1; i >= 0 && checksLeft > 0; i--) {
        if (!drops.canDrop(current.get(i), current)) {
          continue;
        }
        List<Op> without = new ArrayList<>(current);
        without.remove(i);
        if (verdict(without) == Verdict.NOT_LINEARIZABLE) {
          current = without;
          progress = true;
        }
      }
    }
    return current;
  }

  private Verdict verdict(List<Op> ops) {
    if (checksLeft <= 0) {
      return Verdict.UNDECIDED;
    }
    checksLeft--;
    return new LinearizationSearch<>(model, ops, maxStatesPerCheck).run().verdict();
  }
}
