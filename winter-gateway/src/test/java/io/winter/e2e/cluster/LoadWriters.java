package io.winter.e2e.cluster;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writer threads spread over the nodes, each PUTNEWing unique keys into one table as fast as
 * the cluster acknowledges them, and recording every key that got {@code ok} with its value and
 * the time of each {@code ok}. A writer whose node fails (connection lost, read timeout) moves
 * to the next node, and goes back to its home node 2 s later.
 */
final class LoadWriters implements AutoCloseable {

  private final ClusterHarness cluster;
  private final String table;
  private final int threads;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> workers = new ArrayList<>();
  private final Map<String, String> acked = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> okTimes = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private final AtomicLong lastOk = new AtomicLong(System.nanoTime());

  LoadWriters(ClusterHarness cluster, String table, int threads) {
    this.cluster = cluster;
    this.table = table;
    this.threads = threads;
  }

  LoadWriters start() {
    for (int w = 0; w < threads; w++) {
      int id = w;
      Thread t = new Thread(() -> run(id), "load-writer-" + w);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    return this;
  }

  private void run(int id) {
    int home = id % cluster.size();
    int at = home;
    long movedAt = 0;
    long seq = 0;
    TextClient c = null;
    while (running.get()) {
      try {
        if (c == null) {
          WinterProcess p = cluster.node(at);
          c = TextClient.connect(p.host(), p.port(), Duration.ofSeconds(20));
        }
        String key = "w" + id + "-" + seq;
        String value = "value-" + id + "-" + seq + "-" + Long.toHexString(System.nanoTime());
        seq++;
        String reply = c.send("PUTNEW " + table + " " + key + " " + value);
        if ("ok".equals(reply)) {
          acked.put(key, value);
          long now = System.nanoTime();
          okTimes.add(now);
          lastOk.accumulateAndGet(now, Math::max);
        } else {
          count(reply.length() > 40 ? reply.substring(0, 40) : reply);
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        if (at != home && System.nanoTime() - movedAt > TimeUnit.SECONDS.toNanos(2)) {
          c.close();
          c = null;
          at = home;
        }
      } catch (Throwable e) {
        count(e.getClass().getSimpleName() + " on " + cluster.node(at).name());
        if (c != null) {
          c.close();
          c = null;
        }
        at = (at + 1) % cluster.size();
        movedAt = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    if (c != null) {
      c.close();
    }
  }

  private void count(String what) {
    failures.computeIfAbsent(what, x -> new AtomicLong()).incrementAndGet();
  }

  /** Keys acknowledged so far, with their values. */
  Map<String, String> acked() {
    return Map.copyOf(acked);
  }

  int ackedCount() {
    return acked.size();
  }

  long lastOkNanos() {
    return lastOk.get();
  }

  /** Replies other than ok and exceptions, counted by kind. */
  Map<String, Long> failures() {
    Map<String, Long> m = new TreeMap<>();
    failures.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /**
   * The longest time without any ok between {@code fromNanos} and {@code toNanos}: from
   * {@code fromNanos} to the first ok, between successive oks, and from the last ok to
   * {@code toNanos}.
   */
  Duration longestGap(long fromNanos, long toNanos) {
    List<Long> times = new ArrayList<>();
    for (long t : okTimes) {
      if (t >= fromNanos && t <= toNanos) {
        times.add(t);
      }
    }
    times.sort(null);
    long prev = fromNanos;
    long gap = 0;
    for (long t : times) {
      gap = Math.max(gap, t - prev);
      prev = t;
    }
    gap = Math.max(gap, toNanos - prev);
    return Duration.ofNanos(gap);
  }

  /** Stops the writers and waits for them (a writer may be in a read of up to 20 s). */
  void stop() {
    running.set(false);
    for (Thread t : workers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The error replies that are bugs of the nodes ({@code error internal ...}), by kind. */
  Map<String, Long> internalErrors() {
    Map<String, Long> m = new TreeMap<>(failures());
    m.keySet().removeIf(k -> !ClusterChecks.isInternalError(k));
    return m;
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "LoadWriters[" + table + ", acked " + acked.size() + ", failures " + failures() + "]";
  }
}
