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
  /** Tables the clients create and drop while they also use their keys. */
  public static final List<String> LIFECYCLE_TABLES = List.of("life0", "life1");
  static final int STABLE_KEYS = 6;
  static final int LIFECYCLE_KEYS = 2;

  private final ChaosCluster cluster;
  private final History history;
  private final int clients;
  private final int opsPerSecond;
  private final long seed;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong violations = new AtomicLong();
  private final List<String> violationSamples = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  public Workload(ChaosCluster cluster, History history, int clients, int opsPerSecond,
                  long seed) {
    this.cluster = cluster;
    this.history = history;
    this.clients = clients;
    this.opsPerSecond = opsPerSecond;
    this.seed = seed;
  }

  /** Starts every client thread. */
  public void start() {
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

  /** Reads every key of every table once from each reachable node, into the history. */
  public void finalReads(List<String> tables, int process) {
    int p = process;
    for (ChaosNode node : cluster.reachableMembers()) {
      for (String table : tables) {
        int keys = LIFECYCLE_TABLES.contains(table) ? LIFECYCLE_KEYS : STABLE_KEYS;
        for (int k = 0; k < keys; k++) {
          ClientWorker.once(this, p++, node, OpType.GET, table, "k" + k, null, 0);
        }
      }
    }
  }
}
