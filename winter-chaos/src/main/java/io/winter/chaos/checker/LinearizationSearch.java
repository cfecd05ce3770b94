package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Wing and Gong's depth-first search for a linearization of one object's history, with Lowe's
 * memoisation of the configurations (placed ops, state) already explored.
 *
 * <p>An OK op must be placed between its invoke and complete; an UNKNOWN op anywhere after its
 * invoke, or nowhere. The search succeeds once every OK op is placed: UNKNOWN ops left over are
 * the ones that never took effect. Each configuration tries, in order:
 *
 * <ul>
 *   <li>a read its state explains; if that fails, so does the configuration, since any order that
 *       works can have the read moved to the front;
 *   <li>OK ops that change the state: the one due next, then writes whose value a read needs,
 *       then the rest, earliest complete first (so ops are placed about when they must be, not
 *       when they may be, and a write nobody reads does not get in the way of one somebody
 *       does). An OK op that would change nothing is not placed when it could be but remembered
 *       as absorbable, and placed (as a no-op, in effect back where it was absorbed) only once it
 *       is due. Placing no-ops early would explore every subset of them separately;
 *   <li>last, UNKNOWN ops that change the state, so these are placed only where some reply
 *       needs them.
 * </ul>
 *
 * <p>Single use: construct, then {@link #run()} once.
 */
final class LinearizationSearch<S> {
  private static final int READS = 0;
  private static final int OKS = 1;
  private static final int UNKNOWNS = 2;

  private final Model<S> model;
  private final long maxStates;
  private final PlacementList list;
  /** The ops as recorded; the list holds them as the model merged them. */
  private final Op[] originals;
  private final OpFacts facts;
  private final ReadSources<S> sources;
  /** OK ops that, where the search stands, could have been placed as a no-op earlier. */
  private final boolean[] absorbable;
  private final Set<Memo> seen = new HashSet<>();

  private int deepestOkPlaced = -1;
  private Op blockedOp;
  private S blockedState;

  private record Memo(long a, long b, Object state) {}

  /**
   * A search over history's OK and UNKNOWN ops (FAIL ops, and UNKNOWN ones nothing can observe,
   * are left out), giving up after maxStates configurations.
   */
  LinearizationSearch(Model<S> model, List<Op> history, long maxStates) {
    this(model, history, maxStates, true);
  }

  /**
   * A search that, unless mergeValues is false, lets the model merge values no reply tells apart
   * (faster; but the blocked state then shows merged values).
   */
  LinearizationSearch(Model<S> model, List<Op> history, long maxStates, boolean mergeValues) {
    this.model = model;
    this.maxStates = maxStates;
    List<Op> relevant = OpFacts.relevant(model, history);
    this.originals = relevant.toArray(Op[]::new);
    this.list = new PlacementList(mergeValues ? model.mergeIndistinguishable(relevant) : relevant);
    this.facts = new OpFacts(model, list, relevant);
    this.absorbable = new boolean[originals.length];
    this.sources = new ReadSources<>(model, list, relevant, facts.readOnly, absorbable);
  }

  SearchOutcome run() {
    Verdict verdict = list.allOkPlaced() ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE;
    for (S initial : model.initialStates()) {
      if (verdict != Verdict.NOT_LINEARIZABLE) {
        break;
      }
      int[] obligations = sources.initial(initial);
      if (obligations == null) {
        noteBlocked(-1, originals[sources.lastBroken()], initial);
        continue;
      }
      Frame root = new Frame(initial, 0, 0, -1, list.firstUnplacedOk(0), obligations);
      noteNoOps(root);
      if (seen.add(new Memo(root.hashA, root.hashB, initial))) {
        verdict = descend(root);
      }
    }
    boolean placedAll = verdict == Verdict.LINEARIZABLE;
    return new SearchOutcome(verdict, seen.size(), Math.max(deepestOkPlaced, 0),
        list.okTotal(), placedAll ? null : blockedOp,
        placedAll || blockedState == null ? null : blockedState.toString());
  }

  /** One configuration of the search: a state reached by placing some ops. */
  private final class Frame {
    final S state;
    /** Fingerprint of the placed ops and the absorbable ones. */
    long hashA;
    long hashB;
    /** The op whose placement led here, -1 at the root. */
    final int via;
    /** Index in okByComplete of the first unplaced OK op: the one that must be placed next. */
    final int okCursor;
    final long bound;
    /** Unplaced reads whose sources are all placed: the state must explain them. */
    final int[] obligations;
    List<Integer> absorbedHere;

    int phase = READS;
    int node;
    int[] okCandidates;
    int okIndex;
    Set<Object> effectsTried;

    int chosen = -1;
    List<S> successors = List.of();
    int nextSuccessor;

    Frame(S state, long hashA, long hashB, int via, int okCursor, int[] obligations) {
      this.state = state;
      this.hashA = hashA;
      this.hashB = hashB;
      this.via = via;
      this.okCursor = okCursor;
      this.obligations = obligations;
      this.bound = list.candidateBound(okCursor);
      this.node = list.next[list.okHead];
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
        leave(frame);
        continue;
      }
      stack.push(child);
      if (list.allOkPlaced()) {
        return Verdict.LINEARIZABLE;
      }
      if (seen.size() > maxStates) {
        return Verdict.UNDECIDED;
      }
      noteDepth(child);
    }
    return Verdict.NOT_LINEARIZABLE;
  }

  private void leave(Frame frame) {
    forgetNoOps(frame);
    if (frame.via >= 0) {
      list.unplace(frame.via);
      sources.unplaced(frame.via);
    }
  }

  /** Places frame's next untried (op, successor state) new to the memo; null if none is left. */
  private Frame nextChild(Frame frame) {
    while (true) {
      if (frame.phase == READS && frame.nextSuccessor == 1) {
        // any order that works can start with that read: none does
        return null;
      }
      if (frame.nextSuccessor < frame.successors.size()) {
        Frame child = place(frame, frame.chosen, frame.successors.get(frame.nextSuccessor++));
        if (child != null) {
          return child;
        }
        continue;
      }
      int op = nextCandidate(frame);
      if (op < 0) {
        return null;
      }
      choose(frame, op);
    }
  }

  /** The configuration after placing op into state; null if it breaks an obligation or is seen. */
  private Frame place(Frame frame, int op, S state) {
    list.place(op);
    sources.placed(op);
    int[] obligations = sources.after(frame.obligations, op, state);
    if (obligations != null) {
      // a placed op's absorbability no longer matters, so it leaves the fingerprint
      long a = frame.hashA ^ list.bitsA[op] ^ (absorbable[op] ? list.absorbA[op] : 0);
      long b = frame.hashB ^ list.bitsB[op] ^ (absorbable[op] ? list.absorbB[op] : 0);
      Frame child = new Frame(state, a, b, op, list.firstUnplacedOk(frame.okCursor), obligations);
      noteNoOps(child);
      if (seen.add(new Memo(child.hashA, child.hashB, state))) {
        return child;
      }
      forgetNoOps(child);
    }
    list.unplace(op);
    sources.unplaced(op);
    return null;
  }

  /** Sets frame's successors for placing op in its phase. */
  private void choose(Frame frame, int op) {
    // every OK op still unplaced comes later and completes by the bound: so does this one
    List<S> after = model.step(frame.state, list.ops[op], frame.bound);
    frame.chosen = op;
    frame.nextSuccessor = 0;
    boolean noOp = after.contains(frame.state);
    if (frame.phase == READS) {
      frame.successors = noOp ? List.of(frame.state) : List.of();
      return;
    }
    boolean due = frame.phase == OKS && op == list.okByComplete[frame.okCursor];
    List<S> successors = new ArrayList<>(after.size() + 1);
    if (due && (absorbable[op] || (noOp && !facts.mustTakeEffect[op]))) {
      successors.add(frame.state);
    }
    for (S state : after) {
      if (!state.equals(frame.state)) {
        successors.add(state);
      }
    }
    frame.successors = successors;
  }

  /** Marks the OK ops frame may place that would change nothing in its state as absorbable. */
  private void noteNoOps(Frame frame) {
    for (int node = list.next[list.okHead]; !list.pastCandidates(node, frame.bound);
        node = list.next[node]) {
      if (!absorbable[node] && !facts.readOnly[node] && !facts.mustTakeEffect[node]
          && model.step(frame.state, list.ops[node], frame.bound).contains(frame.state)) {
        absorbable[node] = true;
        if (frame.absorbedHere == null) {
          frame.absorbedHere = new ArrayList<>();
        }
        frame.absorbedHere.add(node);
        frame.hashA ^= list.absorbA[node];
        frame.hashB ^= list.absorbB[node];
      }
    }
  }

  private void forgetNoOps(Frame frame) {
    if (frame.absorbedHere != null) {
      for (int op : frame.absorbedHere) {
        absorbable[op] = false;
      }
    }
  }

  /**
   * The next op frame may place in its current phase: one invoked before the earliest complete of
   * an unplaced OK op (which must come before anything invoked after that).
   */
  private int nextCandidate(Frame frame) {
    if (frame.phase == OKS) {
      if (frame.okIndex < frame.okCandidates.length) {
        return frame.okCandidates[frame.okIndex++];
      }
      frame.phase = UNKNOWNS;
      frame.node = list.next[list.unknownHead];
    }
    while (true) {
      int node = frame.node;
      if (list.pastCandidates(node, frame.bound)) {
        if (frame.phase == UNKNOWNS) {
          return -1;
        }
        frame.phase = OKS;
        frame.okCandidates =
            facts.okCandidates(list, frame.bound, list.okByComplete[frame.okCursor]);
        return nextCandidate(frame);
      }
      frame.node = list.next[node];
      boolean candidate = frame.phase == READS
          ? facts.readOnly[node]
          : facts.usefulUntil[node] >= frame.bound && firstOfItsEffect(frame, node);
      if (candidate) {
        return node;
      }
    }
  }

  /** Of UNKNOWN ops with the same effect only the earliest invoked is tried. */
  private boolean firstOfItsEffect(Frame frame, int op) {
    Object effect = facts.effect[op];
    if (effect == null) {
      return true;
    }
    if (frame.effectsTried == null) {
      frame.effectsTried = new HashSet<>();
    }
    return frame.effectsTried.add(effect);
  }

  private void noteDepth(Frame frame) {
    if (frame.okCursor < list.okTotal()) {
      noteBlocked(list.okPlaced(), originals[list.okByComplete[frame.okCursor]], frame.state);
    }
  }

  private void noteBlocked(int okPlaced, Op op, S state) {
    if (okPlaced > deepestOkPlaced || blockedOp == null) {
      deepestOkPlaced = Math.max(okPlaced, deepestOkPlaced);
      blockedOp = op;
      blockedState = state;
    }
  }
}
