package io.winter.bench.run;

import io.winter.bench.driver.KvDriver;
import io.winter.bench.report.ResultsCsv;
import io.winter.bench.server.LaunchSettings;
import io.winter.bench.server.SystemName;
import io.winter.bench.server.SystemUnderTest;
import io.winter.bench.workload.Cell;
import io.winter.bench.workload.Workload;
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

  /** The load each system gets once after it starts, to warm up its JIT and caches. */
  static final Cell WARMUP_CELL = new Cell(Workload.MIX, 100, 16, 4, 1);

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
        RunSettings warm = new RunSettings(Duration.ZERO, plan.systemWarmup(), plan.run().prefillKeys(),
            plan.run().ioThreads());
        for (SystemName s : plan.systems()) {
          log.printf("warming up %s for %d s...%n", s.id(), plan.systemWarmup().toSeconds());
          LoadRunner.run(-1, s.id(), drivers.get(s), systems.get(s).pids(), WARMUP_CELL, warm);
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
