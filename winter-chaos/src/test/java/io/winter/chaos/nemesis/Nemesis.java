package io.winter.chaos.nemesis;

import io.winter.chaos.cluster.ChaosCluster;
import io.winter.chaos.cluster.ChaosNode;
import io.winter.chaos.cluster.Health;
import io.winter.chaos.cluster.ReplicaPages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Injects faults one at a time, on a schedule drawn from the run's seed: every enabled kind in a
 * shuffled rotation, each with random targets and durations, separated by short quiet periods.
 * Each fault is undone before the next starts, and the log says what happened and when.
 */
public final class Nemesis {
  private final ChaosCluster cluster;
  private final Random random;
  private final List<FaultKind> rotation;
  private final FaultLog log;
  private final int initialMembers;
  private final Membership membership;
  private static final java.time.Duration HEALTHY_WITHIN = java.time.Duration.ofSeconds(90);
  private volatile boolean running = true;
  private int next;

  public Nemesis(ChaosCluster cluster, Set<FaultKind> kinds, long seed, FaultLog log) {
    this.cluster = cluster;
    this.random = new Random(seed);
    this.log = log;
    this.initialMembers = cluster.members().size();
    this.membership = new Membership(cluster, log);
    List<FaultKind> enabled = new ArrayList<>(kinds);
    if (!cluster.supportsPartitions() && enabled.remove(FaultKind.PARTITION)) {
      log.log("partitions skipped: nodes share loopback (network namespaces need root)");
    }
    // the faults every run must show come first, so even a short run injects each of them
    List<FaultKind> first = new ArrayList<>(enabled);
    first.retainAll(List.of(FaultKind.PARTITION, FaultKind.KILL, FaultKind.PAUSE));
    enabled.removeAll(first);
    Collections.shuffle(first, random);
    Collections.shuffle(enabled, random);
    first.addAll(enabled);
    this.rotation = first;
  }

  /** Runs faults until {@code deadlineNanos} (System.nanoTime) or {@link #stop()}. */
  public void run(long deadlineNanos) throws InterruptedException {
    while (running && System.nanoTime() < deadlineNanos - TimeUnit.SECONDS.toNanos(8)
        && !rotation.isEmpty()) {
      sleep(2000 + random.nextInt(3000));
      FaultKind kind = rotation.get(next++ % rotation.size());
      try {
        inject(kind);
      } catch (RuntimeException e) {
        log.log("fault " + kind + " could not be completed: " + e);
      }
    }
  }

  public void stop() {
    running = false;
  }

  private void inject(FaultKind kind) throws InterruptedException {
    if (kind == FaultKind.WIPE || kind == FaultKind.MEMBERSHIP) {
      // these destroy a replica: the previous one must have been replaced first
      String problem = Health.await(cluster, HEALTHY_WITHIN);
      if (problem != null) {
        log.log(kind + " skipped: the cluster has not recovered from earlier faults within "
            + HEALTHY_WITHIN.toSeconds() + " s (" + problem + ")");
        return;
      }
    }
    switch (kind) {
      case KILL -> kill();
      case PAUSE -> pause();
      case PARTITION -> partition();
      case TRANSFER -> transferStorm();
      case MEMBERSHIP -> membership.change(random, initialMembers);
      case WIPE -> wipe();
    }
    log.injected(kind);
  }

  private void kill() throws InterruptedException {
    Target t = target();
    t.node.kill9();
    log.log("kill -9 " + t);
    sleep(2000 + random.nextInt(6000));
    t.node.restart();
    log.log("restarted " + t.node.id());
  }

  private void pause() throws InterruptedException {
    Target t = target();
    t.node.pause();
    long ms = 3000 + random.nextInt(4000);
    log.log("SIGSTOP " + t + " for " + ms + " ms (election timeout is 1-2 s)");
    sleep(ms);
    t.node.resume();
    log.log("SIGCONT " + t.node.id());
  }

  private void wipe() throws InterruptedException {
    Target t = target();
    t.node.kill9();
    t.node.wipeData();
    log.log("kill -9 " + t + " and deleted its data directory");
    sleep(1000 + random.nextInt(3000));
    t.node.restart();
    log.log("restarted " + t.node.id() + " with an empty data directory");
  }

  private void partition() throws InterruptedException {
    List<ChaosNode> nodes = new ArrayList<>(cluster.members());
    Collections.shuffle(nodes, random);
    int shape = random.nextInt(3);
    List<ChaosNode> a = new ArrayList<>();
    List<ChaosNode> b = new ArrayList<>();
    List<ChaosNode> bridge = new ArrayList<>();
    String what;
    if (shape == 0) {
      int minority = 1 + random.nextInt(Math.max(1, (nodes.size() - 1) / 2));
      a.addAll(nodes.subList(0, minority));
      b.addAll(nodes.subList(minority, nodes.size()));
      what = "majority/minority";
    } else if (shape == 1) {
      ChaosNode leader = ReplicaPages.leaderOf(randomTable(), nodes).orElse(nodes.get(0));
      a.add(leader);
      nodes.remove(leader);
      b.addAll(nodes);
      what = "isolated leader";
    } else {
      bridge.add(nodes.get(0));
      List<ChaosNode> rest = nodes.subList(1, nodes.size());
      int half = Math.max(1, rest.size() / 2);
      a.addAll(rest.subList(0, half));
      b.addAll(rest.subList(half, rest.size()));
      what = "bridge";
    }
    for (ChaosNode x : a) {
      for (ChaosNode y : b) {
        cluster.cut(x, y);
      }
    }
    long ms = 4000 + random.nextInt(6000);
    log.log("partition (" + what + "): " + ids(a) + " | " + ids(b)
        + (bridge.isEmpty() ? "" : ", " + ids(bridge) + " sees both") + " for " + ms + " ms");
    sleep(ms);
    cluster.healNetwork();
    log.log("healed the network");
  }

  /**
   * Asks leaders to hand over again and again, several transfers in flight at once (each waits
   * for its new leader's election), for a few seconds.
   */
  private void transferStorm() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4 + random.nextInt(4));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<String>> started = new ArrayList<>();
    try {
      while (System.nanoTime() < end) {
        Random r = new Random(random.nextLong());
        started.add(pool.submit(() -> LeaderTransfers.transferOne(cluster.members(), r)));
        sleep(150 + random.nextInt(250));
      }
      int done = 0;
      List<String> samples = new ArrayList<>();
      for (java.util.concurrent.Future<String> f : started) {
        try {
          String what = f.get(15, TimeUnit.SECONDS);
          if (what != null && !what.contains("(")) {
            done++;
          }
          if (what != null && samples.size() < 3) {
            samples.add(what);
          }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          samples.add(e.toString());
        }
      }
      log.log("leader-transfer storm: " + done + " of " + started.size()
          + " transfers done, e.g. " + samples);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A kill/pause/wipe victim: half the time the leader of a random group, else any member. */
  private Target target() {
    List<ChaosNode> nodes = cluster.members().stream().filter(ChaosNode::isRunning).toList();
    if (random.nextBoolean()) {
      String table = random.nextInt(4) == 0 ? null : randomTable();
      var leader = ReplicaPages.leaderOf(table, nodes);
      if (leader.isPresent()) {
        return new Target(leader.get(), "leader of " + (table == null ? "the catalog" : table));
      }
    }
    return new Target(nodes.get(random.nextInt(nodes.size())), "random node");
  }

  private String randomTable() {
    var tables = io.winter.chaos.workload.Workload.STABLE_TABLES;
    return tables.get(random.nextInt(tables.size()));
  }

  private record Target(ChaosNode node, String why) {
    @Override
    public String toString() {
      return node.id() + " (" + why + ")";
    }
  }

  private static List<String> ids(List<ChaosNode> nodes) {
    return nodes.stream().map(ChaosNode::id).toList();
  }

  private void sleep(long ms) throws InterruptedException {
    // the nemesis' schedule is wall-clock time by design: faults last seconds, not conditions
    TimeUnit.MILLISECONDS.sleep(ms);
  }
}
