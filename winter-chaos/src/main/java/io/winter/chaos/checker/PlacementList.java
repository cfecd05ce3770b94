package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The ops of one search in invoke order, which of them are placed in the linearization being
 * built, and two doubly linked lists of the ones that are not (OK ops and UNKNOWN ops), so that
 * finding the candidates for the next place costs only the unplaced ops invoked early enough.
 */
final class PlacementList {
  final Op[] ops;
  final boolean[] ok;
  /** The OK ops, by complete time: the first unplaced one bounds which ops may come next. */
  final int[] okByComplete;
  /** The sentinel of the unplaced OK ops' list; {@code next[okHead]} is its first op. */
  final int okHead;
  /** The sentinel of the unplaced UNKNOWN ops' list. */
  final int unknownHead;
  final int[] next;

  /**
   * Random bits per op, for placed ops (A, B) and for ops the search may absorb (absorbA, B). A
   * set of ops is fingerprinted as the XOR of its members' bits, in two 64-bit halves: a real
   * bitset per memo entry would cost n/8 bytes, and a false match among millions of 128-bit
   * values is vanishingly unlikely.
   */
  final long[] bitsA;
  final long[] bitsB;
  final long[] absorbA;
  final long[] absorbB;

  private final long[] invoke;
  private final long[] complete;
  private final int[] prev;
  private final boolean[] placed;
  private int okPlaced;

  /** ops must be in invoke order. */
  PlacementList(List<Op> ops) {
    this.ops = ops.toArray(Op[]::new);
    int n = this.ops.length;
    ok = new boolean[n];
    invoke = new long[n];
    complete = new long[n];
    placed = new boolean[n];
    bitsA = new long[n];
    bitsB = new long[n];
    absorbA = new long[n];
    absorbB = new long[n];
    SplittableRandom random = new SplittableRandom(0x5eed_1e55_c0ffeeL);
    for (int i = 0; i < n; i++) {
      ok[i] = this.ops[i].isOk();
      invoke[i] = this.ops[i].invokeNanos();
      complete[i] = this.ops[i].completeNanos();
      bitsA[i] = random.nextLong();
      bitsB[i] = random.nextLong();
      absorbA[i] = random.nextLong();
      absorbB[i] = random.nextLong();
    }
    okByComplete = IntStream.range(0, n)
        .filter(i -> ok[i])
        .boxed()
        .sorted(Comparator.<Integer>comparingLong(i -> complete[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue)
        .toArray();
    okHead = n;
    unknownHead = n + 1;
    next = new int[n + 2];
    prev = new int[n + 2];
    int lastOk = okHead;
    int lastUnknown = unknownHead;
    for (int i = 0; i < n; i++) {
      if (ok[i]) {
        link(lastOk, i);
        lastOk = i;
      } else {
        link(lastUnknown, i);
        lastUnknown = i;
      }
    }
    link(lastOk, okHead);
    link(lastUnknown, unknownHead);
  }

  private void link(int from, int to) {
    next[from] = to;
    prev[to] = from;
  }

  int okTotal() {
    return okByComplete.length;
  }

  int okPlaced() {
    return okPlaced;
  }

  boolean allOkPlaced() {
    return okPlaced == okByComplete.length;
  }

  /** Index in okByComplete of the first unplaced OK op at or after from. */
  int firstUnplacedOk(int from) {
    int cursor = from;
    while (cursor < okByComplete.length && placed[okByComplete[cursor]]) {
      cursor++;
    }
    return cursor;
  }

  /**
   * Latest invoke time of an op that may be placed next, given okCursor from {@link
   * #firstUnplacedOk}: an op invoked after some unplaced OK op completed must come after it.
   */
  long candidateBound(int okCursor) {
    return okCursor < okByComplete.length ? complete[okByComplete[okCursor]] : Long.MAX_VALUE;
  }

  /** True if node, an unplaced op or a list's sentinel, ends the candidates below bound. */
  boolean pastCandidates(int node, long bound) {
    return node >= okHead || invoke[node] > bound;
  }

  boolean isPlaced(int op) {
    return placed[op];
  }

  void place(int op) {
    placed[op] = true;
    next[prev[op]] = next[op];
    prev[next[op]] = prev[op];
    if (ok[op]) {
      okPlaced++;
    }
  }

  /** Undoes {@link #place}; calls must come in the reverse order of the places they undo. */
  void unplace(int op) {
    placed[op] = false;
    next[prev[op]] = op;
    prev[next[op]] = op;
    if (ok[op]) {
      okPlaced--;
    }
  }
}
