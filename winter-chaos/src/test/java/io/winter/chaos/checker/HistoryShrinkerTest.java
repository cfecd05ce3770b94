package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import io.winter.chaos.history.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryShrinkerTest {

  private static final KeyRegisterModel MODEL = new KeyRegisterModel(50);

  private static Verdict verdict(List<Op> ops) {
    return new LinearizationSearch<>(MODEL, ops, 1_000_000).run().verdict();
  }

  /** A correct history of a few hundred ops, then a value read back after it was deleted. */
  private static List<Op> staleReadInNoise() {
    List<Op> ops = new ArrayList<>(
        SimulatedClients.run(SimulatedClients.Settings.oneKey(8, 300, 5)));
    long end = ops.stream().mapToLong(Op::completeNanos).filter(t -> t != Long.MAX_VALUE).max()
        .orElseThrow();
    ops.add(okOp(10_001, OpType.PUTNEW, "old", end + Timeline.MS, "ok"));
    ops.add(okOp(10_002, OpType.DELETE, null, end + 3 * Timeline.MS, "ok"));
    ops.add(okOp(10_003, OpType.GET, null, end + 5 * Timeline.MS, "old"));
    return ops;
  }

  /** An OK op invoked at invokeNanos that takes a millisecond. */
  private static Op okOp(long id, OpType type, String value, long invokeNanos, String reply) {
    return new Op(id, 99, type, "t", "k", value, 0, invokeNanos, invokeNanos + Timeline.MS,
        Outcome.OK, reply);
  }

  @Test
  void theWitnessIsSmallerAndStillNotLinearizable() {
    List<Op> history = staleReadInNoise();
    assertThat(verdict(history)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    HistoryShrinker<KeyState> shrinker =
        new HistoryShrinker<>(MODEL, 1_000_000, 300, 10_000_000);

    List<Op> prefix = shrinker.shortestFailingPrefix(history, true).orElseThrow();
    List<Op> witness = shrinker.dropWhileFailing(prefix);

    assertThat(prefix.size()).isLessThanOrEqualTo(history.size());
    assertThat(witness.size()).isLessThan(prefix.size()).isEqualTo(3);
    assertThat(verdict(witness)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(witness).extracting(Op::id).contains(10_001L, 10_002L, 10_003L);
  }

  @Test
  void theShortestFailingPrefixEndsWithTheFirstViolation() {
    Timeline t = new Timeline()
        .put(1, "a", 0, 10)
        .get(2, "nil", 20, 30)
        .put(3, "b", 40, 50)
        .get(4, "a", 60, 70)
        .delete(5, 80, 90)
        .get(6, "nil", 100, 110);
    HistoryShrinker<KeyState> shrinker = new HistoryShrinker<>(MODEL, 1_000, 100, 10_000_000);

    Optional<List<Op>> prefix = shrinker.shortestFailingPrefix(t.ops(), true);

    assertThat(prefix).get().extracting(ops -> ops.get(ops.size() - 1).reply()).isEqualTo("nil");
    assertThat(prefix.get()).hasSize(2);
  }

  @Test
  void opsRunningAtTheCutBecomeUnknown() {
    Timeline t = new Timeline()
        .put(1, "a", 0, 100)
        .get(2, "nil", 10, 20)
        .get(3, "a", 110, 120);

    List<Op> prefix = HistoryShrinker.prefix(t.ops(), 20 * Timeline.MS);

    assertThat(prefix).hasSize(2);
    assertThat(prefix.get(0).isUnknown()).isTrue();
    assertThat(prefix.get(0).reply()).contains("ok");
    assertThat(prefix.get(1).isOk()).isTrue();
  }

  @Test
  void aWriteAReadNeedsIsKeptSoTheWitnessShowsNoPhantom() {
    // the stale read of a needs the put of a to make sense to a reader
    Timeline t = new Timeline()
        .put(1, "a", 0, 10)
        .get(2, "a", 20, 30)
        .delete(3, 40, 50)
        .get(4, "nil", 60, 70)
        .put(5, "b", 80, 90)
        .get(6, "b", 100, 110)
        .get(7, "a", 120, 130);
    HistoryShrinker<KeyState> shrinker = new HistoryShrinker<>(MODEL, 1_000, 300, 10_000_000);

    List<Op> witness = shrinker.dropWhileFailing(t.ops());

    assertThat(witness).extracting(Op::reply).contains("a");
    assertThat(witness).anySatisfy(op -> assertThat(op.value()).isEqualTo("a"));
    assertThat(witness).anySatisfy(op -> assertThat(op.type()).isEqualTo(OpType.DELETE));
    assertThat(witness.size()).isLessThan(t.ops().size());
    assertThat(verdict(witness)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aBudgetOfNoChecksLeavesTheHistoryAsItIs() {
    List<Op> history = staleReadInNoise();
    HistoryShrinker<KeyState> shrinker = new HistoryShrinker<>(MODEL, 1_000_000, 0, 10_000_000);

    List<Op> witness = shrinker.dropWhileFailing(history);

    assertThat(witness).hasSameSizeAs(OpFacts.relevant(MODEL, history));
  }
}
