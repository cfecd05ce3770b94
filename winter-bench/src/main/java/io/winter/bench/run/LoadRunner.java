package io.winter.bench.run;

import io.winter.bench.driver.KvConnection;
import io.winter.bench.driver.KvDriver;
import io.winter.bench.server.ProcStats;
import io.winter.bench.workload.Cell;
import io.winter.bench.workload.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/** Runs one cell against one system: set up, warm up, measure a window, tear down. */
public final class LoadRunner {

  private static final long STOP_TIMEOUT_SECONDS = 60;

  private LoadRunner() {}

  /** One run; {@code pids} are the server processes whose CPU and memory are measured. */
  public static RunResult run(int round, String system, KvDriver driver, List<Long> pids, Cell cell,
                              RunSettings settings) throws Exception {
    List<String> tables = IntStream.range(0, cell.tables()).mapToObj(Keys::table).toList();
    driver.resetTables(tables);
    long keysPerTable = Math.max(1, (settings.prefillKeys() + cell.tables() - 1) / cell.tables());
    if (cell.workload().needsPrefill()) {
      Prefill.run(driver, tables, keysPerTable, cell.valueBytes());
    }
    List<KvConnection> conns = new ArrayList<>();
    try {
      for (int i = 0; i < cell.connections(); i++) {
        conns.add(driver.connect(i));
      }
      return measure(round, system, conns, pids, cell, tables, keysPerTable, settings);
    } finally {
      conns.forEach(KvConnection::close);
      driver.dropTables(tables);
    }
  }

  private static RunResult measure(int round, String system, List<KvConnection> conns, List<Long> pids,
                                   Cell cell, List<String> tables, long keysPerTable,
                                   RunSettings settings) throws InterruptedException {
    LoadStats stats = new LoadStats();
    CountDownLatch finished = new CountDownLatch(conns.size());
    String[] tableArray = tables.toArray(String[]::new);
    List<ConnectionLoop> loops = new ArrayList<>();
    for (int i = 0; i < conns.size(); i++) {
      loops.add(new ConnectionLoop(conns.get(i), i, cell, tableArray, keysPerTable, stats, finished));
    }
    // a loop whose replies all come back on the thread that sends (a synchronous library) keeps
    // that thread until it stops, so each starts on its own; asynchronous ones return at once
    ExecutorService starter = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "loop-start");
      t.setDaemon(true);
      return t;
    });
    loops.forEach(l -> starter.execute(l::start));
    starter.shutdown();
    Thread.sleep(settings.warmup().toMillis());

    stats.reset();
    pids.forEach(ProcStats::resetPeak);
    long self = ProcessHandle.current().pid();
    double cpu0 = ProcStats.cpuSeconds(pids);
    double client0 = ProcStats.cpuSeconds(self);
    long t0 = System.nanoTime();
    Thread.sleep(settings.duration().toMillis());
    LoadStats.Window w = stats.snapshot();
    long t1 = System.nanoTime();
    double cpu1 = ProcStats.cpuSeconds(pids);
    double client1 = ProcStats.cpuSeconds(self);
    long peak = ProcStats.peakRss(pids);

    loops.forEach(ConnectionLoop::stop);
    boolean drained = finished.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    String firstError = w.firstError() != null ? w.firstError()
        : drained ? "" : "some connections had requests outstanding " + STOP_TIMEOUT_SECONDS + " s after the run";
    Histogram h = w.latencies();
    return new RunResult(round, system, cell, (t1 - t0) / 1e9, h.getTotalCount(), w.errors(), w.misses(),
        h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
        h.getMaxValue(), cpu1 - cpu0, peak, client1 - client0, oneLine(firstError));
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("[\\r\\n,\"]+", " ").trim();
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
