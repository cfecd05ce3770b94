package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The textbook search, none of {@link LinearizationSearch}'s shortcuts: every candidate op in
 * every order, memoised on (placed ops, state). Exponential; a reference for small histories.
 */
final class PlainSearch<S> {
  private final Model<S> model;
  private final List<Op> ops;
  private final Set<Object> failed = new HashSet<>();

  private PlainSearch(Model<S> model, List<Op> history) {
    this.model = model;
    this.ops = history.stream().filter(op -> !op.isFail()).toList();
  }

  static <S> boolean linearizable(Model<S> model, List<Op> history) {
    PlainSearch<S> search = new PlainSearch<>(model, history);
    for (S initial : model.initialStates()) {
      if (search.from(new BitSet(), initial)) {
        return true;
      }
    }
    return false;
  }

  private boolean from(BitSet placed, S state) {
    long bound = Long.MAX_VALUE;
    boolean allOkPlaced = true;
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).isOk() && !placed.get(i)) {
        allOkPlaced = false;
        bound = Math.min(bound, ops.get(i).completeNanos());
      }
    }
    if (allOkPlaced) {
      return true;
    }
    if (!failed.add(List.of(placed.clone(), state))) {
      return false;
    }
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (placed.get(i) || op.invokeNanos() > bound) {
        continue;
      }
      for (S after : model.step(state, op, bound)) {
        placed.set(i);
        boolean found = from(placed, after);
        placed.clear(i);
        if (found) {
          return true;
        }
      }
    }
    return false;
  }
}
