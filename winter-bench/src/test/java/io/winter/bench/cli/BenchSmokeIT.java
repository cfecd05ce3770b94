package io.winter.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.bench.run.RunResult;
import io.winter.bench.server.SystemName;
import io.winter.bench.workload.Matrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/winter-bench run --smoke} end to end against real servers, so the harness never
 * rots: Winter (one node) always, etcd and Redis when their binaries are installed. It checks that
 * every run produced sane results, never how fast anything was.
 */
class BenchSmokeIT {

  @Test
  void smokeRunDrivesEveryInstalledSystemAndWritesTheReport(@TempDir Path out) throws Exception {
    List<SystemName> expected = List.of(SystemName.WINTER_1, SystemName.ETCD_3, SystemName.REDIS_MEMORY,
        SystemName.REDIS_ALWAYS).stream().filter(s -> {
          if (!s.available()) {
            System.out.println("BenchSmokeIT: skipping " + s.id() + ": " + s.missingHint());
          }
          return s.available();
        }).toList();

    RunCommand.Outcome o = RunCommand.execute(
        Options.parse(List.of("--smoke", "--out", out.toString()), Set.of("smoke")),
        "bin/winter-bench run --smoke", System.out);

    int cells = Matrix.SMOKE.cells().size();
    assertThat(o.results()).hasSize(cells * expected.size());
    for (SystemName s : expected) {
      List<RunResult> runs = o.results().stream().filter(r -> r.system().equals(s.id())).toList();
      assertThat(runs).as(s.id()).hasSize(cells);
      assertThat(runs).allSatisfy(r -> {
        assertThat(r.firstError()).as("%s %s first error", s.id(), r.cell()).isEmpty();
        assertThat(r.errors()).as("%s %s errors", s.id(), r.cell()).isZero();
        assertThat(r.misses()).as("%s %s reads that found nothing", s.id(), r.cell()).isZero();
        assertThat(r.ops()).as("%s %s operations", s.id(), r.cell()).isPositive();
        assertThat(r.p50Us()).isPositive().isLessThanOrEqualTo(r.p99Us());
        assertThat(r.p99Us()).isLessThanOrEqualTo(r.p999Us());
        assertThat(r.serverCpuS()).as("%s %s server CPU", s.id(), r.cell()).isPositive();
        assertThat(r.peakRssBytes()).as("%s %s peak RSS", s.id(), r.cell()).isPositive();
      });
    }
    String md = Files.readString(o.report());
    assertThat(md).contains("## Targets", "## Results by cell", "| winter-1 | 1 |", "| date |", "| command |");
    assertThat(out.resolve("runs.csv")).isNotEmptyFile();
    assertThat(out.resolve("latency-" + Matrix.SMOKE.cells().get(0).id() + ".png")).isNotEmptyFile();
  }
}
