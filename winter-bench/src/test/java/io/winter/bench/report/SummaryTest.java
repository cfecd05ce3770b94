package io.winter.bench.report;

import static io.winter.bench.report.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.winter.bench.run.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Summary.median(3, 1, 2)).isEqualTo(2);
    assertThat(Summary.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Summary.median(7)).isEqualTo(7);
    assertThat(Summary.median()).isNaN();
  }

  @Test
  void eachFigureIsTheMedianOverRoundsAndFailuresAreSummed() {
    List<RunResult> runs = List.of(
        run(0, "winter-1", "write-v100-c64-d1-t1", 5000, 2, 20),
        run(1, "winter-1", "write-v100-c64-d1-t1", 1000, 9, 90),
        run(2, "winter-1", "write-v100-c64-d1-t1", 3000, 4, 40),
        withErrors(run(0, "etcd-3", "write-v100-c64-d1-t1", 2000, 5, 50), 3));

    List<Summary> s = Summary.of(runs);

    assertThat(s).hasSize(2);
    Summary w = s.get(0);
    assertThat(w.system()).isEqualTo("winter-1");
    assertThat(w.runs()).isEqualTo(3);
    assertThat(w.throughput()).isEqualTo(600.0); // median 3000 ops over 5 s
    assertThat(w.p50Us()).isEqualTo(4000);
    assertThat(w.p99Us()).isEqualTo(40000);
    assertThat(s.get(1).errors()).isEqualTo(3);
  }

  @Test
  void cellsKeepTheirRunOrderAndSystemsAFixedOrder() {
    List<RunResult> runs = List.of(
        run(0, "redis-memory", "read-v100-c1-d1-t1", 10, 1, 1),
        run(0, "winter-3", "read-v100-c1-d1-t1", 10, 1, 1),
        run(0, "etcd-3", "write-v100-c1-d1-t1", 10, 1, 1),
        run(0, "winter-1", "read-v100-c1-d1-t1", 10, 1, 1));

    assertThat(Summary.of(runs)).extracting(x -> x.cell().id() + " " + x.system()).containsExactly(
        "read-v100-c1-d1-t1 winter-1", "read-v100-c1-d1-t1 winter-3", "read-v100-c1-d1-t1 redis-memory",
        "write-v100-c1-d1-t1 etcd-3");
  }

  private static RunResult withErrors(RunResult r, long errors) {
    return new RunResult(r.round(), r.system(), r.cell(), r.seconds(), r.ops(), errors, r.misses(), r.p50Us(),
        r.p99Us(), r.p999Us(), r.maxUs(), r.serverCpuS(), r.peakRssBytes(), r.clientCpuS(), "boom");
  }
}
