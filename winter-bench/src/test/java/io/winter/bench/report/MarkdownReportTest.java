package io.winter.bench.report;

import static io.winter.bench.report.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.winter.bench.report.Targets.Status;
import io.winter.bench.run.RunResult;
import io.winter.bench.workload.Cell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

  private static final ScaleResults NO_SCALE = new ScaleResults(Map.of(), List.of());

  private static List<RunResult> runs() {
    List<RunResult> runs = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      // writes at 64 connections: Winter 3 nodes 2.5x etcd with a lower p99 -> met
      runs.add(run(round, "winter-3", "write-v100-c64-d1-t1", 25_000, 10, 30));
      runs.add(run(round, "etcd-3", "write-v100-c64-d1-t1", 10_000, 20, 40));
      runs.add(run(round, "winter-1", "write-v100-c64-d1-t1", 20_000, 5, 20));
      runs.add(run(round, "redis-always", "write-v100-c64-d1-t1", 40_000, 1, 5));
      // writes at 256: 2.5x but a higher p99 -> missed
      runs.add(run(round, "winter-3", "write-v100-c256-d1-t1", 25_000, 10, 90));
      runs.add(run(round, "etcd-3", "write-v100-c256-d1-t1", 10_000, 20, 40));
      runs.add(run(round, "winter-3", "write-v100-c16-d1-t1", 12_000, 10, 90));
      runs.add(run(round, "etcd-3", "write-v100-c16-d1-t1", 8_000, 20, 40));
      // single-node writes at 16 connections, outside the target lines: 0.60x Redis
      runs.add(run(round, "winter-1", "write-v100-c16-d1-t1", 12_000, 5, 20));
      runs.add(run(round, "redis-always", "write-v100-c16-d1-t1", 20_000, 1, 5));
    }
    return runs;
  }

  private static ReportInputs inputs(List<MemoryRow> memory, Map<String, String> throughputCharts) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("date", "2026-11-25T12:00:00Z");
    meta.put("command", "bin/winter-bench run --duration 5s");
    meta.put("cpu", "Some CPU");
    return new ReportInputs(meta, runs(), NO_SCALE, NO_SCALE, Map.of(), memory, throughputCharts,
        Map.of("write-v100-c64-d1-t1", "latency-write-v100-c64-d1-t1.png"), "Durations were cut.", "benchmarks");
  }

  @Test
  void targetsAreComputedFromTheMedians() {
    List<Targets.Outcome> outcomes = Targets.evaluate(Summary.of(runs()),
        List.of(new MemoryRow("winter-1", 1000, 100, 0, 300_000, "heap"),
            new MemoryRow("redis-memory", 1000, 100, 0, 100_000, "used_memory")));

    assertThat(outcome(outcomes, "(64 conns)", "writes ≥ 2×").status()).isEqualTo(Status.MET);
    assertThat(outcome(outcomes, "(64 conns)", "writes ≥ 2×").detail()).contains("= 2.50×", "p99 30.00 vs 40.00 ms");
    assertThat(outcome(outcomes, "(256 conns)", "writes ≥ 2×").status()).isEqualTo(Status.MISSED);
    assertThat(outcome(outcomes, "(64 conns)", "appendfsync").status()).isEqualTo(Status.MISSED);
    assertThat(outcome(outcomes, "(64 conns)", "reads").status()).isEqualTo(Status.NO_DATA);
    assertThat(outcome(outcomes, "memory per key", "Redis").status()).isEqualTo(Status.MISSED);
    assertThat(outcome(outcomes, "memory per key", "Redis").detail()).contains("300 B/key", "100 B/key", "3.00×");
  }

  @Test
  void aCellWithErrorsOrMissesIsNeitherMetNorMissed() {
    List<RunResult> runs = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      // Winter 3x etcd on reads, but one round failed requests: not a result to judge
      runs.add(new RunResult(round, "winter-3", Cell.parse("read-v100-c64-d1-t1"), 5.0, 30_000,
          round == 1 ? 7 : 0, 0, 1000, 2000, 3000, 4000, 1.5, 300L << 20, 0.5,
          round == 1 ? "timeout" : ""));
      runs.add(run(round, "etcd-3", "read-v100-c64-d1-t1", 10_000, 2, 4));
      // Redis read keys it was given as absent: its figure is of other work
      runs.add(run(round, "winter-1", "read-v100-c64-d16-t1", 30_000, 1, 2));
      runs.add(new RunResult(round, "redis-memory", Cell.parse("read-v100-c64-d16-t1"), 5.0,
          40_000, 0, 5, 1000, 2000, 3000, 4000, 1.5, 300L << 20, 0.5, ""));
      // single-node writes outside the target lines where Winter finished none
      runs.add(new RunResult(round, "winter-1", Cell.parse("write-v100-c16-d1-t1"), 5.0, 0, 9, 0,
          0, 0, 0, 0, 1.5, 300L << 20, 0.5, "refused"));
      runs.add(run(round, "redis-always", "write-v100-c16-d1-t1", 20_000, 1, 5));
    }
    List<Summary> summaries = Summary.of(runs);
    List<Targets.Outcome> outcomes = Targets.evaluate(summaries, List.of());

    assertThat(outcome(outcomes, "(64 conns)", "reads ≥ 2×").status()).isEqualTo(Status.INVALID);
    assertThat(outcome(outcomes, "(64 conns)", "reads ≥ 2×").detail())
        .contains("winter-3 had 7 errors (runs.csv: first_error)");
    assertThat(outcome(outcomes, "pipelined reads", "Redis").status()).isEqualTo(Status.INVALID);
    assertThat(outcome(outcomes, "pipelined reads", "Redis").detail())
        .contains("redis-memory missed 15 keys").doesNotContain("first_error");
    Targets.Outcome elsewhere = Targets.singleNodeWritesElsewhere(summaries).get(0);
    assertThat(elsewhere.status()).isEqualTo(Status.INVALID);
    assertThat(elsewhere.detail()).contains("winter-1 had 27 errors", "winter-1 completed no requests");
  }

  @Test
  void singleNodeWritesOutsideTheTargetLinesAreListedAgainstDurableRedis() {
    List<Targets.Outcome> elsewhere = Targets.singleNodeWritesElsewhere(Summary.of(runs()));

    // the 64-connection cell is a target line already; 16 connections is not
    assertThat(elsewhere).extracting(Targets.Outcome::text).containsExactly("write-v100-c16-d1-t1");
    assertThat(elsewhere.get(0).status()).isEqualTo(Status.BELOW);
    assertThat(elsewhere.get(0).detail()).contains("winter-1 2,400 vs redis-always 4,000 ops/s = 0.60×");
    assertThat(MarkdownReport.render(inputs(List.of(), Map.of())))
        .contains("| write-v100-c16-d1-t1 | below | winter-1 2,400 vs redis-always 4,000 ops/s = 0.60× |");
  }

  @Test
  void rendersMachineCommandTargetsChartsAndEveryCell() {
    String md = MarkdownReport.render(inputs(List.of(), Map.of("write-v100-d1-t1", "throughput-write-v100-d1-t1.png")));

    assertThat(md).contains("# Benchmarks", "| date | 2026-11-25T12:00:00Z |",
        "| command | `bin/winter-bench run --duration 5s` |", "| cpu | Some CPU |", "## Notes\n\nDurations were cut.");
    assertThat(md).contains("| 3-node unique-key writes ≥ 2× etcd, p99 no worse (64 conns) | **met** |");
    assertThat(md).contains("![throughput vs connections, write-v100-d1-t1](benchmarks/throughput-write-v100-d1-t1.png)");
    assertThat(md).contains("![latency percentiles, write-v100-c64-d1-t1](benchmarks/latency-write-v100-c64-d1-t1.png)");
    assertThat(md).contains("### write-v100-c64-d1-t1", "### write-v100-c256-d1-t1",
        "Unique-key writes, 100-byte values, 64 connections, no pipelining, 1 table.");
    // etcd at 64 connections: 2,000 ops/s, 0.40x Winter 3 nodes' 5,000, 0.50x Winter 1 node's 4,000
    assertThat(md).contains("| etcd-3 | 3 | 2,000 | 0.50× | 0.40× | 20.00 | 40.00 | 60.00 | 1.50 | 150 | 300 | 0 | 0 |");
    assertThat(md).contains("## Scale: idle footprint of a 3-node cluster\n\nNo figures yet: run `bin/winter-bench scale`.",
        "## Scale: idle footprint of a single node\n\nNo figures yet: run `bin/winter-bench scale --nodes 1`.");
  }

  @Test
  void writesChartsAndReportFromStoredFiles(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("benchmarks");
    for (RunResult r : runs()) {
      ResultsCsv.append(data.resolve(ReportWriter.RUNS), r);
    }
    ScaleRow.append(data.resolve(ReportWriter.SCALE), new ScaleRow(100, "n1", 12.5, 700, 400L << 20, 31.2));
    ScaleRow.append(data.resolve(ScaleCluster.SINGLE_NODE.csvFile()), new ScaleRow(1000, "n1", 40.0, 5000, 900L << 20, 120.5));
    Meta.write(data.resolve(ScaleCluster.SINGLE_NODE.metaFile()), Map.of("cluster", "1 Winter node"));
    Meta.write(data.resolve(ReportWriter.RUN_META), Map.of("date", "today"));

    String md = ReportWriter.write(data, dir.resolve("benchmarks.md"));

    assertThat(ResultsCsv.read(data.resolve(ReportWriter.RUNS))).isEqualTo(runs());
    assertThat(data.resolve("throughput-write-v100-d1-t1.png")).isNotEmptyFile();
    assertThat(data.resolve("latency-write-v100-c64-d1-t1.png")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve("benchmarks.md"))).isEqualTo(md);
    assertThat(md).contains("](benchmarks/throughput-write-v100-d1-t1.png)", "| 100 | n1 | 12.5 | 700 | 400 | 31.2 |");
    String singleNode = md.substring(md.indexOf("## Scale: idle footprint of a single node"));
    assertThat(singleNode).contains("| cluster | 1 Winter node |", "| 1000 | n1 | 40.0 | 5000 | 900 | 120.5 |",
        "- 1000 tables created in 120.5 s");
    assertThat(singleNode).doesNotContain("| 100 | n1 | 12.5 |");
  }

  private static Targets.Outcome outcome(List<Targets.Outcome> all, String a, String b) {
    return all.stream().filter(o -> o.text().contains(a) && o.text().contains(b)).findFirst().orElseThrow();
  }
}
