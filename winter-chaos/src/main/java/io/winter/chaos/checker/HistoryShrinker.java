package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a non-linearizable history of one object down to a small sub-history that is still not
 * linearizable, and whose failure implies the original's, so a person can see the bug in it.
 *
 * <p>First the shortest failing prefix by completion order, found by bisection. Then the ops that
 * {@link SoundDrops} allows are dropped, in runs of shrinking length, as long as the history stays
 * non-linearizable. Every check costs one search; a budget bounds their number and the states
 * they explore together (proving a history non-linearizable means exhausting its search).
 */
final class HistoryShrinker<S> {
  private static final int FIRST_PROBE = 16;

  private final Model<S> model;
  private final SoundDrops drops;
  private final long maxStatesPerCheck;
  private int checksLeft;
  private long statesLeft;

  /**
   * A shrinker running at most maxChecks searches, each capped at maxStatesPerCheck states and
   * all together at totalStates.
   */
  HistoryShrinker(Model<S> model, long maxStatesPerCheck, int maxChecks, long totalStates) {
    this.model = model;
    this.drops = new SoundDrops(model);
    this.maxStatesPerCheck = maxStatesPerCheck;
    this.checksLeft = maxChecks;
    this.statesLeft = totalStates;
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
    while (failing - passing > 1 && budgetLeft()) {
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

  /**
   * A non-linearizable history with soundly droppable ops dropped while it keeps failing: first in
   * large runs of neighbouring ops, then in ever smaller ones, down to single ops (so a long
   * history needs about as many checks as a short one, not one per op).
   */
  List<Op> dropWhileFailing(List<Op> failing) {
    List<Op> current = OpFacts.relevant(model, failing);
    int run = Math.max(1, current.size() / 2);
    while (budgetLeft()) {
      boolean progress = false;
      for (int end = current.size(); end > 0 && budgetLeft(); end -= run) {
        List<Op> candidate = dropRun(current, Math.max(0, end - run), end);
        if (candidate.size() < current.size() && verdict(candidate) == Verdict.NOT_LINEARIZABLE) {
          current = candidate;
          progress = true;
        }
      }
      if (!progress) {
        if (run == 1) {
          break;
        }
        run /= 2;
      }
    }
    return current;
  }

  /**
   * History without those of the ops at [from, to) that can be dropped soundly one after another,
   * latest first (each drop judged on the history left by the ones before).
   */
  private List<Op> dropRun(List<Op> history, int from, int to) {
    List<Op> left = new ArrayList<>(history);
    for (int i = Math.min(to, left.size()) - 1; i >= from; i--) {
      if (drops.canDrop(left.get(i), left)) {
        left.remove(i);
      }
    }
    return left;
  }

  private boolean budgetLeft() {
    return checksLeft > 0 && statesLeft > 0;
  }

  private Verdict verdict(List<Op> ops) {
    if (checksLeft <= 0 || statesLeft <= 0) {
      return Verdict.UNDECIDED;
    }
    checksLeft--;
    SearchOutcome outcome =
        new LinearizationSearch<>(model, ops, Math.min(maxStatesPerCheck, statesLeft)).run();
    statesLeft -= outcome.statesExplored();
    return outcome.verdict();
  }
}
