package io.winter.bench.run;

import io.winter.bench.server.SystemName;
import io.winter.bench.workload.Cell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a matrix run does.
 *
 * @param cells the cells, in order
 * @param systems the systems, in their first-round order
 * @param repeats rounds; every figure is the median over them
 * @param run per-run settings
 * @param systemWarmup how long each system runs the plan's cells once after it starts (one pass at
 *     least), not recorded
 */
public record Plan(List<Cell> cells, List<SystemName> systems, int repeats, RunSettings run,
                   Duration systemWarmup) {

  /** Rough overhead of one run besides its warm-up and window: tables, connections, tear-down. */
  static final Duration RUN_OVERHEAD = Duration.ofSeconds(3);
  /** Rough start-up time of all systems. */
  static final Duration STARTUP = Duration.ofSeconds(60);
  /** Keys a system is assumed to write per second while prefilling. */
  static final long PREFILL_RATE = 5_000;

  /** How long the plan should take, roughly. */
  public Duration estimate() {
    long ms = STARTUP.toMillis();
    long onePass = 0;
    for (Cell c : cells) {
      long overhead = RUN_OVERHEAD.toMillis();
      if (c.workload().needsPrefill()) {
        overhead += run.prefillKeys() * 1000 / PREFILL_RATE;
      }
      ms += (run.warmup().toMillis() + run.duration().toMillis() + overhead) * systems.size() * repeats;
      onePass += MatrixRunner.MIN_WARMUP_PER_CELL.toMillis() + overhead;
    }
    if (!systemWarmup.isZero()) {
      ms += Math.max(systemWarmup.toMillis(), onePass) * systems.size();
    }
    return Duration.ofMillis(ms);
  }

  /**
   * The order systems run in for {@code cell} of {@code round}: rotated by round and cell, so each
   * system is sometimes first and sometimes last.
   */
  public List<SystemName> order(int round, int cellIndex) {
    List<SystemName> out = new ArrayList<>();
    int n = systems.size();
    for (int i = 0; i < n; i++) {
      out.add(systems.get((i + round + cellIndex) % n));
    }
    return out;
  }

  public int totalRuns() {
    return cells.size() * systems.size() * repeats;
  }
}
