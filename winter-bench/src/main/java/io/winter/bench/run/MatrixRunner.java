package io.winter.bench.run;

import io.winter.bench.driver.KvDriver;
import io.winter.bench.report.ResultsCsv;
import io.winter.bench.server.LaunchSettings;
import io.winter.bench.server.SystemName;
import io.winter.bench.server.SystemUnderTest;
import io.winter.bench.workload.Cell;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Starts the systems, runs every cell on each in alternation, round after round, and records runs. */
public final class MatrixRunner {

  /**
   * The shortest a cell runs during a system's warm-up. The warm-up runs the plan's own cells, each
   * from a fresh table and fresh connections as in a measured run, again and again: a JVM that
   * compiled its code under one workload compiles again when another takes branches it has not
   * profiled, and so does a Winter node when a table is dropped and created and 64 connections
   * come in (a 3-node cluster warmed up for 3 min by one 64-connection write run spent a third of
   * its CPU in the JIT compilers during the next such run), which should not happen inside a
   * measured window.
   */
  static final Duration MIN_WARMUP_PER_CELL = Duration.ofSeconds(5);
  /** The longest a cell runs at a time during a system's warm-up, so that the cells come round often. */
  static final Duration MAX_WARMUP_PER_CELL = Duration.ofSeconds(10);

  private final PrintStream log;

  public MatrixRunner(PrintStream log) {
    this.log = log;
  }

  /** Runs {@code plan} (systems must be available), appending each run to {@code runsCsv}. */
  public List<RunResult> run(Plan plan, LaunchSettings launch, Path runsCsv) throws Exception {
    Map<SystemName, SystemUnderTest> systems = new LinkedHashMap<>();
    Map<SystemName, KvDriver> drivers = new LinkedHashMap<>();
    List<RunResult> results = new ArrayList<>();
    long t0 = System.nanoTime();
    try {
      for (SystemName s : plan.systems()) {
        log.printf("starting %s (%s)...%n", s.id(), s.title());
        SystemUnderTest sut = SystemUnderTest.of(s, launch);
        systems.put(s, sut);
        sut.start();
        drivers.put(s, sut.newDriver(plan.run().ioThreads()));
        log.printf("  %s up, pids %s%n", s.id(), sut.pids());
      }
      if (!plan.systemWarmup().isZero()) {
        for (SystemName s : plan.systems()) {
          warmUp(plan, systems.get(s), drivers.get(s));
        }
      }
      int done = 0;
      long runsStart = System.nanoTime();
      for (int round = 0; round < plan.repeats(); round++) {
        for (int ci = 0; ci < plan.cells().size(); ci++) {
          Cell cell = plan.cells().get(ci);
          for (SystemName s : plan.order(round, ci)) {
            RunResult r = runOne(round, systems.get(s), drivers.get(s), cell, plan.run());
            ResultsCsv.append(runsCsv, r);
            results.add(r);
            done++;
            progress(done, plan.totalRuns(), t0, runsStart, r);
          }
        }
      }
      return results;
    } finally {
      drivers.values().forEach(KvDriver::close);
      systems.values().forEach(SystemUnderTest::close);
    }
  }

  /** Runs the plan's cells, unrecorded, in turn until the warm-up time is spent (one pass at least). */
  private void warmUp(Plan plan, SystemUnderTest sut, KvDriver driver) {
    List<Cell> cells = plan.cells();
    Duration perCell = plan.systemWarmup().dividedBy(cells.size());
    if (perCell.compareTo(MIN_WARMUP_PER_CELL) < 0) {
      perCell = MIN_WARMUP_PER_CELL;
    } else if (perCell.compareTo(MAX_WARMUP_PER_CELL) > 0) {
      perCell = MAX_WARMUP_PER_CELL;
    }
    log.printf("warming up %s for %d s (the plan's cells in turn, %d s each)...%n", sut.name().id(),
        plan.systemWarmup().toSeconds(), perCell.toSeconds());
    RunSettings warm = new RunSettings(Duration.ZERO, perCell, plan.run().prefillKeys(), plan.run().ioThreads());
    long deadline = System.nanoTime() + plan.systemWarmup().toNanos();
    for (int i = 0; i < cells.size() || System.nanoTime() < deadline; i++) {
      Cell cell = cells.get(i % cells.size());
      try {
        LoadRunner.run(-1, sut.name().id(), driver, sut.pids(), cell, warm);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // as a measured run does: a failed warm-up run is reported, and the matrix goes on
        log.printf("  warm-up run failed: %s %s: %s%n", sut.name().id(), cell.id(), e);
      }
    }
  }

  private RunResult runOne(int round, SystemUnderTest sut, KvDriver driver, Cell cell, RunSettings settings) {
    try {
      sut.checkAlive();
      return LoadRunner.run(round, sut.name().id(), driver, sut.pids(), cell, settings);
    } catch (Exception e) {
      log.printf("  run failed: %s %s: %s%n", sut.name().id(), cell.id(), e);
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
      return new RunResult(round, sut.name().id(), cell, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
          e.getClass().getSimpleName() + ": " + why);
    }
  }

  private void progress(int done, int total, long t0, long runsStart, RunResult r) {
    double elapsed = (System.nanoTime() - t0) / 1e9;
    double perRun = (System.nanoTime() - runsStart) / 1e9 / done;
    log.printf(Locale.ROOT, "[%d/%d %.0fs, ~%.0fs left] round %d %-24s %-13s %,10.0f ops/s  p50 %.2f  "
            + "p99 %.2f  p99.9 %.2f ms  cpu %.1fs  errors %d  misses %d%s%n",
        done, total, elapsed, perRun * (total - done), r.round() + 1, r.cell().id(), r.system(),
        r.throughput(), r.p50Us() / 1000.0, r.p99Us() / 1000.0, r.p999Us() / 1000.0, r.serverCpuS(),
        r.errors(), r.misses(), r.firstError().isEmpty() ? "" : "  first error: " + r.firstError());
  }
}
