package io.winter.chaos;

import io.winter.chaos.checker.CheckResult;
import io.winter.chaos.checker.WinterHistoryChecker;
import io.winter.chaos.cluster.ChaosCluster;
import io.winter.chaos.cluster.ChaosNode;
import io.winter.chaos.history.History;
import io.winter.chaos.nemesis.FaultKind;
import io.winter.chaos.nemesis.FaultLog;
import io.winter.chaos.nemesis.Nemesis;
import io.winter.chaos.workload.Workload;
import io.winter.e2e.cluster.NetNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One chaos run from start to verdict: forms a cluster, runs the clients while the nemesis
 * injects faults, heals everything, reads every key back from every node, compares replica
 * digests and checks the whole history for linearizability.
 */
public final class ChaosRun {
  /** Node settings that make faults meet more code: frequent snapshots, log purges, sweeps. */
  static final Map<String, String> NODE_SETTINGS = Map.of(
      "WINTER_SNAPSHOT_THRESHOLD", "200",
      "WINTER_EXPIRY_SWEEP_MS", "250");
  static final long EXPIRY_SLACK_MS = 100;

  private ChaosRun() {}

  /** A replayed seed writes to the same directory: start it empty, not appended to. */
  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Runs the chaos test described by {@code o}; never throws for a failed check: see the summary. */
  public static RunSummary run(ChaosOptions o) throws Exception {
    deleteTree(o.out());
    Files.createDirectories(o.out());
    System.out.println("chaos: seed " + o.seed() + " (replay with -Dchaos.seed=" + o.seed()
        + "), " + o.nodes() + " nodes, " + o.clients() + " clients, " + o.duration()
        + ", faults " + o.faults() + ", output in " + o.out());
    String why = NetNamespaces.whyUnsupported();
    boolean partitions = o.faults().contains(FaultKind.PARTITION) && why == null;
    if (o.faults().contains(FaultKind.PARTITION) && why != null) {
      System.out.println("chaos: no partitions in this run (" + why + "): network namespaces "
          + "need root and the ip tool");
    }
    long t0 = System.nanoTime();
    FaultLog faults = new FaultLog(t0, o.out().resolve("faults.log"));
    Random random = new Random(o.seed());
    try (ChaosCluster cluster = ChaosCluster.start(o.out().resolve("nodes"), o.nodes(), 2,
        partitions, random, NODE_SETTINGS)) {
      faults.log("cluster of " + cluster.members().size() + " nodes up: " + cluster.members());
      Tables.createStable(cluster);
      faults.log("tables " + Workload.STABLE_TABLES + " served by every node");
      History history = new History();
      Workload workload = new Workload(cluster, history, o.clients(), o.opsPerClientPerSecond(),
          o.seed(), o.keyEpoch());
      Nemesis nemesis = new Nemesis(cluster, o.faults(), o.seed() ^ 0x5DEECE66DL, faults);
      long deadline = System.nanoTime() + o.duration().toNanos();
      workload.start();
      java.util.concurrent.atomic.AtomicReference<String> nemesisFailure =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread nemesisThread = new Thread(() -> {
        try {
          nemesis.run(deadline);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException | AssertionError e) {
          // a fault that cannot be carried out (a node that does not stop) is a finding: the
          // run ends here instead of going on without faults
          nemesisFailure.set(e.toString());
          faults.log("the nemesis stopped: " + e);
        }
      }, "chaos-nemesis");
      nemesisThread.start();
      nemesisThread.join();
      long left = deadline - System.nanoTime();
      if (left > 0 && nemesisFailure.get() == null) {
        Thread.sleep(left / 1_000_000);
      }
      workload.stop();
      faults.log("clients stopped; healing every fault");

      String unsettled = Tables.settle(cluster, faults);
      if (nemesisFailure.get() != null) {
        unsettled = "the nemesis stopped: " + nemesisFailure.get()
            + (unsettled == null ? "" : "; " + unsettled);
      }
      if (unsettled != null) {
        for (ChaosNode n : cluster.members()) {
          faults.log("replicas on " + n.id() + ":\n" + String.join("\n",
              io.winter.chaos.cluster.ReplicaPages.of(n).stream().map(Object::toString).toList()));
        }
      }
      workload.finalReads(1_000_000);
      faults.log("final reads done on " + cluster.reachableMembers().size() + " nodes");
      Convergence.Result replicas = Convergence.compareReplicas(cluster, Duration.ofSeconds(90));
      faults.log("replicas compared: " + replicas.tablesCompared() + " groups, "
          + replicas.replicasCompared() + " replicas, problems " + replicas.problems());

      history.writeJsonLines(o.out().resolve("history.jsonl"));
      long checkStart = System.nanoTime();
      CheckResult check = WinterHistoryChecker.check(history.ops(),
          new HashSet<>(workload.lifecycleTablesUsed()), EXPIRY_SLACK_MS);
      faults.log("history checked in " + (System.nanoTime() - checkStart) / 1_000_000 + " ms");
      RunSummary summary = new RunSummary(o, history.ops(), faults, check, replicas, unsettled,
          workload.protocolViolations(), workload.protocolViolationSamples(),
          cluster.members().stream().map(ChaosNode::id).toList(),
          Duration.ofNanos(System.nanoTime() - t0));
      summary.write(o.out().resolve("summary.txt"));
      System.out.println(summary.render());
      if (!summary.passed()) {
        System.out.println(cluster.describe(60));
      }
      return summary;
    }
  }
}
