package io.winter.bench.footprint;

import io.winter.bench.driver.winter.LineClient;
import io.winter.bench.report.ScaleRow;
import io.winter.bench.server.ProcStats;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Grows a running Winter cluster to each of several table counts, one CREATE after another, and
 * measures every node's idle CPU, threads and RSS at each count.
 */
public final class ScaleProbe {

  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
  private static final int CREATE_ATTEMPTS = 5;
  private static final double THREAD_SHARE = 0.7;

  private final List<InetSocketAddress> nodes;
  private final List<Long> pids;
  private final Duration settle;
  private final Duration idle;
  private final Duration createBudget;
  private final PrintStream log;
  private String stopReason;

  public ScaleProbe(List<InetSocketAddress> nodes, List<Long> pids, Duration settle, Duration idle,
                    Duration createBudget, PrintStream log) {
    this.nodes = nodes;
    this.pids = pids;
    this.settle = settle;
    this.idle = idle;
    this.createBudget = createBudget;
    this.log = log;
  }

  /** Rows for each of {@code steps} (ascending table counts) that could be reached in the budget. */
  public List<ScaleRow> run(List<Integer> steps) throws IOException, InterruptedException {
    List<ScaleRow> rows = new ArrayList<>();
    int created = 0;
    double createSeconds = 0;
    long budgetEnd = System.nanoTime() + createBudget.toNanos();
    InetSocketAddress via = nodes.get(0);
    try (LineClient c = LineClient.connect(via.getHostString(), via.getPort(), CREATE_TIMEOUT)) {
      for (int target : steps) {
        long t0 = System.nanoTime();
        while (created < target && stopReason == null) {
          String failure = create(c, "scale" + created);
          if (failure != null) {
            stopReason = failure;
            break;
          }
          created++;
          if (created % 100 == 0) {
            log.printf("  %d tables created%n", created);
          }
          if (System.nanoTime() > budgetEnd) {
            stopReason = "the CREATE budget of " + createBudget.toMinutes() + " min was spent";
          } else if (created % 10 == 0 && SystemThreads.total() > SystemThreads.limit() * THREAD_SHARE) {
            // every process on the machine shares kernel.pid_max: stop before others cannot fork
            stopReason = "the machine's threads neared kernel.pid_max (" + SystemThreads.total() + " of "
                + SystemThreads.limit() + ")";
          }
        }
        createSeconds += (System.nanoTime() - t0) / 1e9;
        if (created < target) {
          log.printf("stopping at %d tables, before %d: %s%n", created, target, stopReason);
          rows.addAll(measure(created, createSeconds));
          break;
        }
        log.printf("%d tables (%.1f s of CREATEs so far); idle for %d s, then measuring %d s...%n",
            created, createSeconds, settle.toSeconds(), idle.toSeconds());
        rows.addAll(measure(created, createSeconds));
      }
    }
    return rows;
  }

  /** Why the probe stopped short of its last step, or null if it did not. */
  public String stopReason() {
    return stopReason;
  }

  /** Creates {@code table}, retrying a few times; returns why it failed, or null. */
  private static String create(LineClient c, String table) throws IOException, InterruptedException {
    String reply = null;
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      reply = c.send("CREATE " + table);
      if (reply.equals("created") || reply.equals("already created")) {
        return null;
      }
      Thread.sleep(1000);
    }
    return "CREATE " + table + " answered '" + reply + "' " + CREATE_ATTEMPTS + " times";
  }

  private List<ScaleRow> measure(int tables, double createSeconds) throws InterruptedException {
    Thread.sleep(settle.toMillis());
    double[] cpu0 = pids.stream().mapToDouble(ProcStats::cpuSeconds).toArray();
    long t0 = System.nanoTime();
    Thread.sleep(idle.toMillis());
    double window = (System.nanoTime() - t0) / 1e9;
    List<ScaleRow> rows = new ArrayList<>();
    for (int i = 0; i < pids.size(); i++) {
      long pid = pids.get(i);
      double cpu = (ProcStats.cpuSeconds(pid) - cpu0[i]) / window * 100;
      rows.add(new ScaleRow(tables, "n" + (i + 1), cpu, ProcStats.threads(pid), ProcStats.rss(pid), createSeconds));
      log.printf("  n%d: idle CPU %.1f%%, %d threads, RSS %d MiB%n", i + 1, cpu, ProcStats.threads(pid),
          ProcStats.rss(pid) >> 20);
    }
    return rows;
  }
}
