package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Histories as large as a chaos run records per object still get a verdict quickly. */
class CheckerPerformanceTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void threeThousandOpsOnOneKeyFromTwentyProcesses() {
    List<Op> ops = SimulatedClients.run(SimulatedClients.Settings.oneKey(20, 3_000, 42));

    CheckResult result = WinterHistoryChecker.check(ops, Set.of(), 50);

    assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(result.objects()).hasSize(1);
    assertThat(result.counts().total()).isEqualTo(3_000);
    assertThat(result.counts().unknown()).isBetween(200, 400);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void threeThousandOpsOnOneKeyWithExpiry() {
    List<Op> ops = SimulatedClients.run(new SimulatedClients.Settings(
        20, 3_000, List.of("k"), false, 0, 10, 3, 20, 20, 3_000, 43));

    CheckResult result = WinterHistoryChecker.check(ops, Set.of(), 0);

    assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aTableCreatedAndDroppedWithTwoKeys() {
    List<Op> ops = SimulatedClients.run(new SimulatedClients.Settings(
        20, 1_500, List.of("x", "y"), true, 3, 10, 3, 10, 20, 3_000, 7));

    CheckResult result = WinterHistoryChecker.check(ops, Set.of("t"), 0);

    assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(result.objects()).singleElement().extracting(ObjectResult::object)
        .isEqualTo("table t");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aViolationLateInALongHistoryIsFoundAndShrunkToItsCause() {
    List<Op> ops = new ArrayList<>(
        SimulatedClients.run(SimulatedClients.Settings.oneKey(20, 3_000, 44)));
    int victim = ops.size() - 50;
    while (!(ops.get(victim).isOk() && ops.get(victim).type() == OpType.GET)) {
      victim--;
    }
    Op read = ops.get(victim);
    ops.set(victim, new Op(read.id(), read.process(), read.type(), read.table(), read.key(), null,
        0, read.invokeNanos(), read.completeNanos(), read.outcome(), "never written"));

    CheckResult result = WinterHistoryChecker.check(ops, Set.of(), 50);

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.failures().get(0).offendingOps()).extracting(Op::id)
        .containsExactly(read.id());
  }
}
