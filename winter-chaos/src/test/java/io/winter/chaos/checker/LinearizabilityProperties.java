package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Histories recorded from a correct sequential store with random overlapping intervals are always
 * linearizable; the same histories with one reply made impossible never are.
 */
class LinearizabilityProperties {

  private static SimulatedClients.Settings settings(int processes, int ops, int keys,
      boolean lifecycle, int unknownPercent, int expiryPercent, long seed) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      names.add("k" + k);
    }
    return new SimulatedClients.Settings(processes, ops, names, lifecycle, 15, unknownPercent, 5,
        expiryPercent, 5, 2_000, seed);
  }

  private static CheckResult check(List<Op> ops, boolean lifecycle, long slackMs) {
    return WinterHistoryChecker.check(ops, lifecycle ? Set.of("t") : Set.of(), slackMs);
  }

  @Property(tries = 300)
  void recordedKeyHistoriesAreLinearizable(
      @ForAll @IntRange(min = 1, max = 12) int processes,
      @ForAll @IntRange(min = 1, max = 120) int ops,
      @ForAll @IntRange(min = 1, max = 3) int keys,
      @ForAll @IntRange(min = 0, max = 40) int unknownPercent,
      @ForAll @IntRange(min = 0, max = 60) int expiryPercent,
      @ForAll @LongRange(min = 0, max = 50) long slackMs,
      @ForAll long seed) {
    List<Op> history = SimulatedClients.run(
        settings(processes, ops, keys, false, unknownPercent, expiryPercent, seed));

    CheckResult result = check(history, false, slackMs);

    assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(result.counts().total()).isEqualTo(ops);
  }

  @Property(tries = 300)
  void recordedLifecycleHistoriesAreLinearizable(
      @ForAll @IntRange(min = 1, max = 12) int processes,
      @ForAll @IntRange(min = 1, max = 120) int ops,
      @ForAll @IntRange(min = 1, max = 3) int keys,
      @ForAll @IntRange(min = 0, max = 40) int unknownPercent,
      @ForAll @IntRange(min = 0, max = 60) int expiryPercent,
      @ForAll long seed) {
    List<Op> history = SimulatedClients.run(
        settings(processes, ops, keys, true, unknownPercent, expiryPercent, seed));

    CheckResult result = check(history, true, 0);

    assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Property(tries = 300)
  void aReadOfAValueNeverWrittenIsCaughtAndKeptInTheWitness(
      @ForAll @IntRange(min = 1, max = 12) int processes,
      @ForAll @IntRange(min = 2, max = 120) int ops,
      @ForAll boolean lifecycle,
      @ForAll @IntRange(min = 0, max = 40) int unknownPercent,
      @ForAll @IntRange(min = 0, max = 60) int expiryPercent,
      @ForAll @IntRange(min = 0, max = 1000) int victimChoice,
      @ForAll long seed) {
    List<Op> history = SimulatedClients.run(
        settings(processes, ops, 2, lifecycle, unknownPercent, expiryPercent, seed));
    List<Integer> reads = okReadsOfAValue(history);
    Assume.that(!reads.isEmpty());
    int victim = reads.get(victimChoice % reads.size());
    List<Op> mutated = withReply(history, victim, "never written");

    CheckResult result = check(mutated, lifecycle, 0);

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    ObjectResult failure = result.failures().get(0);
    assertThat(failure.offendingOps()).extracting(Op::id).contains(history.get(victim).id());
    assertThat(failure.offendingLines()).hasSameSizeAs(failure.offendingOps());
  }

  @Property(tries = 300)
  void aReadFromTheFutureIsCaughtAndTheWitnessStillFails(
      @ForAll @IntRange(min = 1, max = 12) int processes,
      @ForAll @IntRange(min = 2, max = 120) int ops,
      @ForAll boolean lifecycle,
      @ForAll @IntRange(min = 0, max = 40) int unknownPercent,
      @ForAll @IntRange(min = 0, max = 1000) int victimChoice,
      @ForAll long seed) {
    List<Op> history = SimulatedClients.run(
        settings(processes, ops, 1, lifecycle, unknownPercent, 0, seed));
    List<Integer> reads = okReadsOfAValue(history);
    Assume.that(!reads.isEmpty());
    int victim = reads.get(victimChoice % reads.size());
    Op read = history.get(victim);
    String future = valuePutOnlyAfter(history, read);
    Assume.that(future != null);
    List<Op> mutated = withReply(history, victim, future);

    CheckResult result = check(mutated, lifecycle, 0);

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    ObjectResult failure = result.failures().get(0);
    assertThat(failure.offendingOps()).extracting(Op::id).contains(read.id());
    assertThat(failure.offendingOps().size()).isLessThanOrEqualTo(failure.counts().total());
    Model<?> model = lifecycle ? new TableLifecycleModel(0) : new KeyRegisterModel(0);
    assertThat(new LinearizabilityChecker()
        .checkObject("again", model, failure.offendingOps(), 0).verdict())
        .isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  private static List<Integer> okReadsOfAValue(List<Op> history) {
    List<Integer> reads = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Op op = history.get(i);
      if (op.isOk() && op.type() == OpType.GET && op.reply().startsWith("v")) {
        reads.add(i);
      }
    }
    return reads;
  }

  /** The value of a PUTNEW of read's key invoked after read completed, if any. */
  private static String valuePutOnlyAfter(List<Op> history, Op read) {
    for (Op op : history) {
      if (op.type() == OpType.PUTNEW && op.key().equals(read.key())
          && op.invokeNanos() > read.completeNanos()) {
        return op.value();
      }
    }
    return null;
  }

  private static List<Op> withReply(List<Op> history, int index, String reply) {
    List<Op> changed = new ArrayList<>(history);
    Op op = history.get(index);
    changed.set(index, new Op(op.id(), op.process(), op.type(), op.table(), op.key(), op.value(),
        op.expireMs(), op.invokeNanos(), op.completeNanos(), op.outcome(), reply));
    return changed;
  }
}
