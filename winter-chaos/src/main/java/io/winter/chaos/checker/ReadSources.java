package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For the reads whose reply only certain ops can make true (a read of a value and the puts of
 * that value), how many of those sources are still unplaced. Once none is, the read is an
 * obligation: the state must go on explaining it until it is placed, so a move that breaks that
 * fails at once instead of when the read's turn comes.
 */
final class ReadSources<S> {
  private final Model<S> model;
  private final PlacementList list;
  private final boolean[] absorbable;
  /** For each op, the reads it is one of the sources of. */
  private final int[][] readersOf;
  /** For each read with known sources, how many of them are unplaced; -1 for other ops. */
  private final int[] sourcesLeft;
  /**
   * For each read with known sources, the OK ops that must come before it but cannot come between
   * its last source and it (only those completing after some source is invoked: the others come
   * before every source anyway).
   */
  private final int[][] mustComeFirst;
  /** The read whose obligation the last null answer broke. */
  private int broken = -1;

  /**
   * originals: the list's ops as recorded, in the same order; absorbable: the search's ops that it
   * may still place as no-ops where it found them so (which counts as placed before a read).
   */
  ReadSources(Model<S> model, PlacementList list, List<Op> originals, boolean[] reads,
      boolean[] absorbable) {
    this.model = model;
    this.list = list;
    this.absorbable = absorbable;
    int n = originals.size();
    Map<Long, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(originals.get(i).id(), i);
    }
    List<List<Integer>> readers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      readers.add(new ArrayList<>());
    }
    sourcesLeft = new int[n];
    for (int read = 0; read < n; read++) {
      List<Op> sources = list.ok[read] && reads[read]
          ? model.sourcesOf(originals.get(read), originals) : null;
      sourcesLeft[read] = sources == null ? -1 : sources.size();
      if (sources != null) {
        for (Op source : sources) {
          readers.get(index.get(source.id())).add(read);
        }
      }
    }
    readersOf = new int[n][];
    for (int i = 0; i < n; i++) {
      readersOf[i] = readers.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    mustComeFirst = new int[n][];
    for (int read = 0; read < n; read++) {
      mustComeFirst[read] =
          sourcesLeft[read] < 0 ? new int[0] : contradictingBefore(read, originals);
    }
  }

  private int[] contradictingBefore(int read, List<Op> originals) {
    Op r = originals.get(read);
    long firstSource = Long.MAX_VALUE;
    for (Op source : model.sourcesOf(r, originals)) {
      firstSource = Math.min(firstSource, source.invokeNanos());
    }
    List<Integer> ops = new ArrayList<>();
    for (int i = 0; i < originals.size(); i++) {
      Op op = originals.get(i);
      if (op.isOk() && op.completeNanos() < r.invokeNanos() && op.completeNanos() >= firstSource
          && model.contradicts(op, r)) {
        ops.add(i);
      }
    }
    return ops.stream().mapToInt(Integer::intValue).toArray();
  }

  void placed(int op) {
    for (int read : readersOf[op]) {
      sourcesLeft[read]--;
    }
  }

  void unplaced(int op) {
    for (int read : readersOf[op]) {
      sourcesLeft[read]++;
    }
  }

  /** The obligations before anything is placed (reads no op makes true); null if one is broken. */
  int[] initial(S state) {
    List<Integer> reads = new ArrayList<>();
    for (int op = 0; op < sourcesLeft.length; op++) {
      if (sourcesLeft[op] == 0) {
        reads.add(op);
      }
    }
    return obligations(new int[0], reads.stream().mapToInt(Integer::intValue).toArray(), state);
  }

  /** The obligations after placing op into state, given those before; null if state breaks one. */
  int[] after(int[] before, int op, S state) {
    return obligations(before, readersOf[op], state);
  }

  int lastBroken() {
    return broken;
  }

  private boolean stuckBefore(int read) {
    for (int op : mustComeFirst[read]) {
      if (!list.isPlaced(op) && !absorbable[op]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The obligations among inherited and (those of) candidates, or null if state does not explain
   * one of them (with no source left it never will again) or an op that must come before one can
   * no longer be placed without breaking it.
   */
  private int[] obligations(int[] inherited, int[] candidates, S state) {
    int[] kept = new int[inherited.length + candidates.length];
    int count = 0;
    for (int[] reads : new int[][] {inherited, candidates}) {
      for (int read : reads) {
        if (list.isPlaced(read) || (reads == candidates && sourcesLeft[read] != 0)) {
          continue;
        }
        Op op = list.ops[read];
        if (!model.step(state, op, op.completeNanos()).contains(state) || stuckBefore(read)) {
          broken = read;
          return null;
        }
        kept[count++] = read;
      }
    }
    return count == kept.length ? kept : Arrays.copyOf(kept, count);
  }
}
