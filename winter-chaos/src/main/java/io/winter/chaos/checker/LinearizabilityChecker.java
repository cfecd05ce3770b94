package io.winter.chaos.checker;

import io.winter.chaos.history.History;
import io.winter.chaos.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a history for linearizability object by object (each object's ops independently against
 * its own model), and shrinks the history of any object that fails to a small witness.
 */
public final class LinearizabilityChecker {
  public static final long DEFAULT_MAX_STATES = 1_000_000;
  public static final int DEFAULT_SHRINK_CHECKS = 300;
  /** How many whole-object searches' worth of states shrinking a failure may cost. */
  private static final int SHRINK_STATES_PER_OBJECT_CAP = 5;

  private final long maxStatesPerObject;
  private final int maxShrinkChecks;

  public LinearizabilityChecker() {
    this(DEFAULT_MAX_STATES, DEFAULT_SHRINK_CHECKS);
  }

  /**
   * A checker that gives up (UNDECIDED) on an object after visiting maxStatesPerObject states, and
   * spends at most maxShrinkChecks further searches (each with the same cap, and together five
   * times that) on shrinking a failure.
   */
  public LinearizabilityChecker(long maxStatesPerObject, int maxShrinkChecks) {
    if (maxStatesPerObject < 1 || maxShrinkChecks < 0) {
      throw new IllegalArgumentException("need maxStatesPerObject > 0 and maxShrinkChecks >= 0");
    }
    this.maxStatesPerObject = maxStatesPerObject;
    this.maxShrinkChecks = maxShrinkChecks;
  }

  /** Checks every object partitioner finds in ops; times are shown from the first invoke. */
  public CheckResult check(List<Op> ops, Partitioner partitioner) {
    Map<String, List<Op>> byObject = new LinkedHashMap<>();
    long origin = Long.MAX_VALUE;
    for (Op op : ops) {
      origin = Math.min(origin, op.invokeNanos());
      String object = partitioner.objectOf(op);
      if (object != null) {
        byObject.computeIfAbsent(object, o -> new ArrayList<>()).add(op);
      }
    }
    List<ObjectResult> results = new ArrayList<>(byObject.size());
    for (Map.Entry<String, List<Op>> object : byObject.entrySet()) {
      Model<?> model = partitioner.modelOf(object.getKey());
      results.add(checkObject(object.getKey(), model, object.getValue(), origin));
    }
    return CheckResult.of(results);
  }

  /** Checks the ops of one object against model; times are rendered relative to originNanos. */
  public <S> ObjectResult checkObject(
      String object, Model<S> model, List<Op> ops, long originNanos) {
    OpCounts counts = OpCounts.of(ops);
    List<Op> attempted = ops.stream().filter(op -> !op.isFail()).sorted(History.BY_INVOKE).toList();
    for (Op op : attempted) {
      String impossible = op.isOk() ? model.impossibleReply(op) : null;
      if (impossible != null) {
        return ObjectResult.notLinearizable(object, counts, 0, impossible, List.of(op),
            originNanos);
      }
    }
    SearchOutcome whole = new LinearizationSearch<>(model, attempted, maxStatesPerObject).run();
    if (whole.verdict() == Verdict.LINEARIZABLE) {
      return ObjectResult.linearizable(object, counts, whole.statesExplored());
    }
    boolean wholeFails = whole.verdict() == Verdict.NOT_LINEARIZABLE;
    HistoryShrinker<S> shrinker = new HistoryShrinker<>(model, maxStatesPerObject,
        maxShrinkChecks, SHRINK_STATES_PER_OBJECT_CAP * maxStatesPerObject);
    Optional<List<Op>> failingPrefix = shrinker.shortestFailingPrefix(attempted, wholeFails);
    if (failingPrefix.isEmpty()) {
      return ObjectResult.undecided(object, counts, whole.statesExplored(),
          "gave up after exploring " + whole.statesExplored() + " states (cap "
              + maxStatesPerObject + "), having placed " + whole.okLinearized() + " of "
              + whole.okTotal() + " ok ops");
    }
    List<Op> witness = shrinker.dropWhileFailing(failingPrefix.get());
    SearchOutcome why =
        new LinearizationSearch<>(model, witness, maxStatesPerObject, false).run();
    String explanation = explain(witness, why, originNanos);
    if (!wholeFails) {
      explanation += " (the whole history was too big to decide; this part of it already fails)";
    }
    return ObjectResult.notLinearizable(object, counts, whole.statesExplored(), explanation,
        witness, originNanos);
  }

  private static String explain(List<Op> witness, SearchOutcome why, long originNanos) {
    String text = "no order of these " + witness.size() + " ops explains their replies";
    if (why.blockedOp() != null) {
      text += "; the furthest attempt placed " + why.okLinearized() + " of " + why.okTotal()
          + " ok ops, then could not place " + OpLines.format(why.blockedOp(), originNanos).trim()
          + " (state: " + why.blockedState() + ")";
    }
    return text;
  }
}
