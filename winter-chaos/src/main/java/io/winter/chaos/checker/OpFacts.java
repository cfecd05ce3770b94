package io.winter.chaos.checker;

import io.winter.chaos.history.History;
import io.winter.chaos.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a model says about each op of one search, asked once instead of at every step. */
final class OpFacts {
  final boolean[] readOnly;
  /** Ops that some reply needs to take effect wherever they are placed. */
  final boolean[] mustTakeEffect;
  /** Each op's {@link Model#sameEffectClass}, or null. */
  final Object[] effect;
  /** For UNKNOWN ops, {@link Model#usefulUntil}; never for OK ops. */
  final long[] usefulUntil;

  /** Facts about list's ops; originals are the same ops as recorded (not merged). */
  OpFacts(Model<?> model, PlacementList list, List<Op> originals) {
    int n = originals.size();
    readOnly = new boolean[n];
    mustTakeEffect = new boolean[n];
    effect = new Object[n];
    usefulUntil = new long[n];
    for (int i = 0; i < n; i++) {
      readOnly[i] = model.isReadOnly(list.ops[i]);
      mustTakeEffect[i] = model.mustTakeEffect(originals.get(i), originals);
      effect[i] = model.sameEffectClass(list.ops[i]);
      usefulUntil[i] = list.ok[i] ? Long.MAX_VALUE : model.usefulUntil(originals.get(i), originals);
    }
  }

  /**
   * The ops of history a search needs, in invoke order: not FAIL ops, nor UNKNOWN ones that are
   * reads or that nothing could observe.
   */
  static List<Op> relevant(Model<?> model, List<Op> history) {
    List<Op> attempted = new ArrayList<>(history.size());
    for (Op op : history) {
      if (!op.isFail()) {
        attempted.add(op);
      }
    }
    List<Op> relevant = new ArrayList<>(attempted.size());
    for (Op op : attempted) {
      boolean useless = op.isUnknown()
          && (model.isReadOnly(op) || model.effectUnobservable(op, attempted));
      if (!useless) {
        relevant.add(op);
      }
    }
    relevant.sort(History.BY_INVOKE);
    return relevant;
  }

  /**
   * The unplaced OK ops of list invoked by bound: due (the one that must be placed next) first,
   * then those some read needs to take effect, then the others, each group earliest complete
   * first; and of ops with the same effect only the first (such ops are never in different
   * groups but the first). If an order that works starts with one of those, swapping it with the
   * first, which completes no later, gives an order that works too.
   */
  int[] okCandidates(PlacementList list, long bound, int due) {
    List<Integer> candidates = new ArrayList<>();
    for (int node = list.next[list.okHead]; !list.pastCandidates(node, bound);
        node = list.next[node]) {
      candidates.add(node);
    }
    candidates.sort(Comparator.<Integer>comparingInt(i -> i == due ? 0 : mustTakeEffect[i] ? 1 : 2)
        .thenComparingLong(i -> list.ops[i].completeNanos()));
    Set<Object> effects = new HashSet<>();
    return candidates.stream()
        .filter(i -> effect[i] == null || effects.add(effect[i]))
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
