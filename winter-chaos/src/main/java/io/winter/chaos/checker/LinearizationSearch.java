package io.winter.chaos.checker;

import io.winter.chaos.history.History;
import io.winter.chaos.history.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Wing and Gong's depth-first search for a linearization of one object's history, with Lowe's
 * memoisation of the (linearized ops, state) pairs already explored.
 *
 * <p>An OK op must be placed between its invoke and complete; an UNKNOWN op anywhere after its
 * invoke, or nowhere. The search succeeds once every OK op is placed: UNKNOWN ops still left
 * over are the ones that never took effect. At each step it tries OK ops before UNKNOWN ones, so
 * an UNKNOWN op is placed only where some observation needs it.
 *
 * <p>Single use: construct, then {@link #run()} once.
 */
final class LinearizationSearch<S> {
  private final Model<S> model;
  private final long maxStates;
  private final Op[] ops;
  private final boolean[] ok;
  private final long[] invoke;
  private final long[] complete;
  private final int[] okByComplete;
  private final boolean[] done;
  private int okDone;

  /** The ops not yet placed, as a doubly linked list in invoke order; index {@code head} is its sentinel. */
  private final int head;
  private final int[] next;
  private final int[] prev;

  /**
   * Each op's random bits; a linearized set is memoised as the XOR of its members' bits, two
   * 64-bit halves, because a real bitset per memo entry would cost n/8 bytes each, and a false
   * match among millions of 128-bit values is vanishingly unlikely.
   */
  private final long[] bitsA;
  private final long[] bitsB;
  private final Set<Memo> seen = new HashSet<>();

  private int deepestOkDone = -1;
  private Op blockedOp;
  private S blockedState;

  private record Memo(long a, long b, Object state) {}

  /** A search over history's OK and UNKNOWN ops (FAIL ops, and UNKNOWN ones nothing can observe, are left out). */
  LinearizationSearch(Model<S> model, List<Op> history, long maxStates) {
    this.model = model;
    this.maxStates = maxStates;
    this.ops = relevantOps(model, history).toArray(Op[]::new);
    int n = ops.length;
    ok = new boolean[n];
    invoke = new long[n];
    complete = new long[n];
    done = new boolean[n];
    bitsA = new long[n];
    bitsB = new long[n];
    SplittableRandom random = new SplittableRandom(0x5eed_1e55_c0ffeeL);
    for (int i = 0; i < n; i++) {
      ok[i] = ops[i].isOk();
      invoke[i] = ops[i].invokeNanos();
      complete[i] = ops[i].completeNanos();
      bitsA[i] = random.nextLong();
      bitsB[i] = random.nextLong();
    }
    okByComplete = IntStream.range(0, n)
        .filter(i -> ok[i])
        .boxed()
        .sorted(Comparator.<Integer>comparingLong(i -> complete[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue)
        .toArray();
    head = n;
    next = new int[n + 1];
    prev = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      next[i] = (i + 1) % (n + 1);
      prev[i] = (i + n) % (n + 1);
    }
  }

  /** The ops of history a search needs, in invoke order. */
  static List<Op> relevantOps(Model<?> model, List<Op> history) {
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

  SearchOutcome run() {
    Verdict verdict = Verdict.NOT_LINEARIZABLE;
    if (okByComplete.length == 0) {
      verdict = Verdict.LINEARIZABLE;
    }
    for (S initial : model.initialStates()) {
      if (verdict != Verdict.NOT_LINEARIZABLE) {
        break;
      }
      if (seen.add(new Memo(0, 0, initial))) {
        verdict = descend(new Frame(initial, 0, 0, -1, firstPendingOk(0)));
      }
    }
    boolean failed = verdict == Verdict.NOT_LINEARIZABLE;
    return new SearchOutcome(verdict, seen.size(), Math.max(deepestOkDone, 0),
        okByComplete.length, failed ? blockedOp : null,
        failed && blockedState != null ? blockedState.toString() : null);
  }

  /** One level of the search: a state reached by placing the ops linearized so far. */
  private final class Frame {
    final S state;
    final long hashA;
    final long hashB;
    /** The op whose placement led here, -1 at the root. */
    final int via;
    /** Index in okByComplete of the first OK op not yet placed. */
    final int okCursor;

    int node;
    boolean unknownPhase;
    Set<Object> effectsTried;
    int chosen = -1;
    List<S> successors = List.of();
    int nextSuccessor;

    Frame(S state, long hashA, long hashB, int via, int okCursor) {
      this.state = state;
      this.hashA = hashA;
      this.hashB = hashB;
      this.via = via;
      this.okCursor = okCursor;
      this.node = next[head];
    }
  }

  private Verdict descend(Frame root) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(root);
    noteDepth(root);
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      Frame child = nextChild(frame);
      if (child == null) {
        stack.pop();
        if (frame.via >= 0) {
          unplace(frame.via);
        }
        continue;
      }
      stack.push(child);
      if (okDone == okByComplete.length) {
        return Verdict.LINEARIZABLE;
      }
      if (seen.size() > maxStates) {
        return Verdict.UNDECIDED;
      }
      noteDepth(child);
    }
    return Verdict.NOT_LINEARIZABLE;
  }

  /** Places the next untried (op, successor state) of frame that is new to the memo; null if none is left. */
  private Frame nextChild(Frame frame) {
    while (true) {
      while (frame.nextSuccessor < frame.successors.size()) {
        S state = frame.successors.get(frame.nextSuccessor++);
        long a = frame.hashA ^ bitsA[frame.chosen];
        long b = frame.hashB ^ bitsB[frame.chosen];
        if (seen.add(new Memo(a, b, state))) {
          place(frame.chosen);
          return new Frame(state, a, b, frame.chosen, firstPendingOk(frame.okCursor));
        }
      }
      int op = nextCandidate(frame);
      if (op < 0) {
        return null;
      }
      frame.chosen = op;
      frame.successors = model.step(frame.state, ops[op]);
      frame.nextSuccessor = 0;
      boolean noOp = frame.successors.size() == 1 && frame.successors.get(0).equals(frame.state);
      if (!ok[op] && noOp) {
        // placing it here changes nothing; it stays available for a later point
        frame.successors = List.of();
      }
    }
  }

  /**
   * The next op frame may place: one invoked before the earliest completion of an unplaced OK op
   * (which must come before anything invoked after it). OK ops are all tried before UNKNOWN ones,
   * and of UNKNOWN ops with the same effect only the earliest invoked.
   */
  private int nextCandidate(Frame frame) {
    long bound = frame.okCursor < okByComplete.length
        ? complete[okByComplete[frame.okCursor]]
        : Long.MAX_VALUE;
    while (true) {
      int node = frame.node;
      if (node == head || invoke[node] > bound) {
        if (frame.unknownPhase) {
          return -1;
        }
        frame.unknownPhase = true;
        frame.node = next[head];
        continue;
      }
      frame.node = next[node];
      if (ok[node] == frame.unknownPhase) {
        continue;
      }
      if (frame.unknownPhase) {
        Object effect = model.sameEffectClass(ops[node]);
        if (effect != null) {
          if (frame.effectsTried == null) {
            frame.effectsTried = new HashSet<>();
          }
          if (!frame.effectsTried.add(effect)) {
            continue;
          }
        }
      }
      return node;
    }
  }

  private void place(int op) {
    done[op] = true;
    next[prev[op]] = next[op];
    prev[next[op]] = prev[op];
    if (ok[op]) {
      okDone++;
    }
  }

  /** Undoes {@link #place}; calls must come in the reverse order of the places they undo. */
  private void unplace(int op) {
    done[op] = false;
    next[prev[op]] = op;
    prev[next[op]] = op;
    if (ok[op]) {
      okDone--;
    }
  }

  private int firstPendingOk(int from) {
    int cursor = from;
    while (cursor < okByComplete.length && done[okByComplete[cursor]]) {
      cursor++;
    }
    return cursor;
  }

  private void noteDepth(Frame frame) {
    if (okDone > deepestOkDone && frame.okCursor < okByComplete.length) {
      deepestOkDone = okDone;
      blockedOp = ops[okByComplete[frame.okCursor]];
      blockedState = frame.state;
    }
  }
}
