package io.winter.chaos.workload;

import io.winter.chaos.cluster.ChaosCluster;
import io.winter.chaos.cluster.ChaosNode;
import io.winter.chaos.history.History;
import io.winter.chaos.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of a chaos run: {@code clients} connections spread over the cluster's nodes, each
 * issuing PUTNEW (with and without EXPIRE), GET and DELETE on a few keys of a few tables, plus
 * CREATE and DROP of the lifecycle tables, and recording every operation in the history.
 */
public final class Workload {
  /** Tables created before the run and never dropped: each key is an independent register. */
  public static final List<String> STABLE_TABLES = List.of("chaos0", "chaos1", "chaos2");
  /** Tables the clients create and drop while they also use their keys (per key epoch). */
  static final int LIFECYCLE_TABLES = 2;
  static final int STABLE_KEYS = 6;
  static final int LIFECYCLE_KEYS = 2;

  private final ChaosCluster cluster;
  private final History history;
  private final int clients;
  private final int opsPerSecond;
  private final long seed;
  private final long epochNanos;
  private volatile long startNanos;
  private final java.util.concurrent.atomic.AtomicInteger lastEpoch =
      new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong violations = new AtomicLong();
  private final List<String> violationSamples = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param keyEpoch how long one set of key and lifecycle-table names is used before the
   *     clients move to fresh ones; zero keeps the same names all run long
   */
  public Workload(ChaosCluster cluster, History history, int clients, int opsPerSecond,
                  long seed, java.time.Duration keyEpoch) {
    this.cluster = cluster;
    this.history = history;
    this.clients = clients;
    this.opsPerSecond = opsPerSecond;
    this.seed = seed;
    this.epochNanos = keyEpoch.toNanos();
  }

  /** The name of lifecycle table i in a key epoch (epoch 0 keeps the plain names). */
  static String lifecycleTable(int i, int epoch) {
    return "life" + i + (epoch == 0 ? "" : "e" + epoch);
  }

  /** The name of key k in a key epoch (epoch 0 keeps the plain names). */
  static String key(int k, int epoch) {
    return "k" + k + (epoch == 0 ? "" : "e" + epoch);
  }

  /** The key epoch clients are in now. */
  int epoch() {
    if (epochNanos <= 0) {
      return 0;
    }
    int epoch = (int) ((System.nanoTime() - startNanos) / epochNanos);
    lastEpoch.accumulateAndGet(epoch, Math::max);
    return epoch;
  }

  /** Every lifecycle table name the clients may have used so far. */
  public List<String> lifecycleTablesUsed() {
    List<String> names = new ArrayList<>();
    for (int e = 0; e <= lastEpoch.get(); e++) {
      for (int i = 0; i < LIFECYCLE_TABLES; i++) {
        names.add(lifecycleTable(i, e));
      }
    }
    return names;
  }

  /** Starts every client thread. */
  public void start() {
    startNanos = System.nanoTime();
    running.set(true);
    for (int i = 0; i < clients; i++) {
      ClientWorker w = new ClientWorker(this, i, new Random(seed * 31 + i));
      Thread t = new Thread(w::run, "chaos-client-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Stops the clients; an operation still waiting for its reply stays unknown. */
  public void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(15_000);
    }
  }

  boolean running() {
    return running.get();
  }

  History history() {
    return history;
  }

  int clients() {
    return clients;
  }

  long pauseNanos() {
    return 1_000_000_000L / Math.max(1, opsPerSecond);
  }

  /** A node clients can talk to now, chosen at random; null when none is. */
  ChaosNode pickNode(Random random) {
    List<ChaosNode> nodes = cluster.reachableMembers();
    return nodes.isEmpty() ? null : nodes.get(random.nextInt(nodes.size()));
  }

  void protocolViolation(String what) {
    violations.incrementAndGet();
    if (violationSamples.size() < 20) {
      violationSamples.add(what);
    }
  }

  /** Replies no command can give (e.g. a reply meant for another request). */
  public long protocolViolations() {
    return violations.get();
  }

  public List<String> protocolViolationSamples() {
    return List.copyOf(violationSamples);
  }

  /**
   * Reads every key the clients used, in every table, once from each reachable node, into the
   * history. A node that fails two reads of a table in a row is not asked for the rest of that
   * table's keys: the run has failed to settle already, and each failure costs a timeout.
   */
  public void finalReads(int process) {
    int p = process;
    for (ChaosNode node : cluster.reachableMembers()) {
      java.util.Map<String, Integer> failures = new java.util.HashMap<>();
      for (int e = 0; e <= lastEpoch.get(); e++) {
        for (String table : STABLE_TABLES) {
          for (int k = 0; k < STABLE_KEYS; k++) {
            p = finalRead(node, table, key(k, e), p, failures);
          }
        }
        for (int i = 0; i < LIFECYCLE_TABLES; i++) {
          for (int k = 0; k < LIFECYCLE_KEYS; k++) {
            p = finalRead(node, lifecycleTable(i, e), key(k, e), p, failures);
          }
        }
      }
    }
  }

  private int finalRead(ChaosNode node, String table, String key, int process,
                        java.util.Map<String, Integer> failures) {
    if (failures.getOrDefault(table, 0) >= 2) {
      return process;
    }
    boolean ok = ClientWorker.once(this, process, node, OpType.GET, table, key, null, 0);
    if (ok) {
      failures.remove(table);
    } else {
      failures.merge(table, 1, Integer::sum);
    }
    return process + 1;
  }
}
