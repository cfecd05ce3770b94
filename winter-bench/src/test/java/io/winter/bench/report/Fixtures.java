package io.winter.bench.report;

import io.winter.bench.run.RunResult;
import io.winter.bench.workload.Cell;

/** Made-up runs for report tests. */
final class Fixtures {

  private Fixtures() {}

  /** A run of {@code ops} operations over 5 s with the given latencies in milliseconds. */
  static RunResult run(int round, String system, String cell, long ops, double p50Ms, double p99Ms) {
    return new RunResult(round, system, Cell.parse(cell), 5.0, ops, 0, 0, (long) (p50Ms * 1000),
        (long) (p99Ms * 1000), (long) (p99Ms * 1500), (long) (p99Ms * 2000), 1.5, 300L << 20, 0.5, "");
  }
}
