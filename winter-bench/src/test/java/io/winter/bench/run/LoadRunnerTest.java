package io.winter.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.bench.server.SystemName;
import io.winter.bench.workload.Cell;
import io.winter.bench.workload.Workload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadRunnerTest {

  private static final RunSettings QUICK = new RunSettings(Duration.ofMillis(50), Duration.ofMillis(200), 100, 1);

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsFindEveryPrefilledKeyWhetherRepliesComeAtOnceOrLater(boolean async) throws Exception {
    try (FakeDriver d = new FakeDriver(async)) {
      RunResult r = LoadRunner.run(0, "fake", d, List.of(), new Cell(Workload.READ, 10, 3, 4, 2), QUICK);

      assertThat(r.ops()).isPositive();
      assertThat(r.errors()).isZero();
      assertThat(r.misses()).isZero();
      assertThat(r.firstError()).isEmpty();
      assertThat(d.maxBatch.get()).isGreaterThanOrEqualTo(4);
      assertThat(d.tables).as("tables dropped after the run").isEmpty();
    }
  }

  @Test
  void writesUseUniqueKeysAndEveryConnection() throws Exception {
    try (FakeDriver d = new FakeDriver(true)) {
      Cell cell = new Cell(Workload.WRITE, 10, 5, 1, 1);
      d.resetTables(List.of("bench0"));
      RunResult r = LoadRunner.run(0, "fake", d, List.of(ProcessHandle.current().pid()), cell, QUICK);

      assertThat(r.ops()).isPositive();
      assertThat(r.errors()).isZero();
      assertThat(r.p50Us()).isLessThanOrEqualTo(r.p99Us());
      assertThat(r.p99Us()).isLessThanOrEqualTo(r.p999Us());
      assertThat(d.connections.get()).isEqualTo(5);
      assertThat(r.throughput()).isEqualTo(r.ops() / r.seconds());
    }
  }

  @Test
  void systemsRotateSoEachIsFirstInSomeRound() {
    List<SystemName> systems = List.of(SystemName.WINTER_1, SystemName.ETCD_3, SystemName.REDIS_MEMORY);
    Plan plan = new Plan(List.of(new Cell(Workload.WRITE, 100, 1, 1, 1)), systems, 3, QUICK, Duration.ZERO);

    assertThat(plan.order(0, 0)).containsExactly(SystemName.WINTER_1, SystemName.ETCD_3, SystemName.REDIS_MEMORY);
    assertThat(plan.order(1, 0)).containsExactly(SystemName.ETCD_3, SystemName.REDIS_MEMORY, SystemName.WINTER_1);
    assertThat(plan.order(0, 2)).containsExactly(SystemName.REDIS_MEMORY, SystemName.WINTER_1, SystemName.ETCD_3);
    assertThat(plan.totalRuns()).isEqualTo(9);
    assertThat(plan.estimate()).isGreaterThan(Duration.ofSeconds(9 * 3));
  }
}
