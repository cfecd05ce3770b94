package io.winter.chaos;

import io.winter.chaos.cluster.ChaosCluster;
import io.winter.chaos.cluster.ChaosNode;
import io.winter.chaos.cluster.ReplicaPages;
import io.winter.chaos.cluster.ReplicaPages.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * After the faults: waits until the cluster settles and checks that every replica of every
 * table holds the same contents, by comparing the state digests that replicas at the same
 * applied index report.
 */
final class Convergence {
  private Convergence() {}

  /** What the replica comparison found: tables compared, and the problems. */
  record Result(int tablesCompared, int replicasCompared, List<String> problems) {}

  /** Waits up to {@code timeout} for the replicas of each table to agree. */
  static Result compareReplicas(ChaosCluster cluster, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> lastProblem = new HashMap<>();
    Map<String, Integer> agreed = new HashMap<>();
    while (true) {
      lastProblem.clear();
      agreed.clear();
      Map<String, List<Replica>> byGroup = new HashMap<>();
      for (ChaosNode n : cluster.reachableMembers()) {
        for (Replica r : ReplicaPages.of(n)) {
          if (r.kind().equals("table")) {
            byGroup.computeIfAbsent(r.table() + " " + r.group(), g -> new ArrayList<>()).add(r);
          }
        }
      }
      for (var e : byGroup.entrySet()) {
        String problem = compare(e.getValue());
        if (problem == null) {
          agreed.put(e.getKey(), e.getValue().size());
        } else {
          lastProblem.put(e.getKey(), problem);
        }
      }
      if (lastProblem.isEmpty() || System.nanoTime() > deadline) {
        int replicas = agreed.values().stream().mapToInt(Integer::intValue).sum();
        return new Result(agreed.size(), replicas, new ArrayList<>(new TreeSet<>(
            lastProblem.entrySet().stream().map(x -> x.getKey() + ": " + x.getValue()).toList())));
      }
      // replicas still catching up (or applying expiry sweeps) get until the deadline
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  /** Null when the group's replicas agree; else why not (yet). */
  private static String compare(List<Replica> replicas) {
    Replica leader = replicas.stream().filter(Replica::isLeader).findFirst().orElse(null);
    if (leader == null) {
      return "no leader among " + nodes(replicas);
    }
    Set<String> members = new TreeSet<>(leader.peers());
    List<Replica> current = replicas.stream().filter(r -> members.contains(r.node())).toList();
    if (current.size() < members.size()) {
      return "only " + nodes(current) + " of " + members + " report the group";
    }
    long applied = current.get(0).applied();
    if (current.stream().anyMatch(r -> r.applied() != applied)) {
      return "applied indexes differ: " + describe(current);
    }
    String digest = current.get(0).digest();
    if (current.stream().anyMatch(r -> !r.digest().equals(digest))) {
      return "digests differ at applied index " + applied + ": " + describe(current);
    }
    return null;
  }

  private static List<String> nodes(List<Replica> replicas) {
    return replicas.stream().map(Replica::node).toList();
  }

  private static String describe(List<Replica> replicas) {
    return replicas.stream().map(r -> r.node() + "@" + r.applied() + "=" + r.digest()).toList()
        .toString();
  }
}
