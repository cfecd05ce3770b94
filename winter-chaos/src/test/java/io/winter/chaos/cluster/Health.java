package io.winter.chaos.cluster;

import io.winter.chaos.cluster.ReplicaPages.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Whether the cluster has recovered from earlier faults: every member has joined the catalog,
 * and every table's group has a leader, only current members as replicas, its full count of
 * them, each of them holding it, knowing the leader's member list and caught up with its log.
 * Faults that destroy a replica's data (a wiped disk, a removed node) wait for this: losing a
 * second replica of a group before the first is replaced, or while another lags behind the
 * group's last membership change, is beyond what three replicas tolerate (Ratis counts a vote
 * only from a member whose own member list holds the candidate).
 */
public final class Health {
  private static final int REPLICATION = 3;
  /** Entries a follower may trail its leader by and still count as caught up (clients write on). */
  private static final long CATCH_UP_SLACK = 200;

  private Health() {}

  /** Null when healthy, else what is not (yet). */
  public static String problem(ChaosCluster cluster) {
    List<ChaosNode> members = cluster.members();
    Set<String> ids = new HashSet<>();
    members.forEach(m -> ids.add(m.id()));
    Map<String, List<Replica>> byGroup = new HashMap<>();
    for (ChaosNode n : members) {
      if (!n.isRunning() || n.isPaused()) {
        return n.id() + " is down";
      }
      List<Replica> page = ReplicaPages.of(n);
      if (page.stream().noneMatch(r -> r.kind().equals("catalog"))) {
        return n.id() + " has not joined the catalog";
      }
      for (Replica r : page) {
        if (r.kind().equals("table")) {
          byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
        }
      }
    }
    int wanted = Math.min(REPLICATION, members.size());
    for (List<Replica> group : byGroup.values()) {
      Replica leader = group.stream().filter(Replica::isLeader)
          .max((a, b) -> Long.compare(a.term(), b.term())).orElse(null);
      if (leader == null) {
        continue; // a dropped table's group being removed, or an election: judged by the rest
      }
      if (leader.fields().getOrDefault("sealed", "false").equals("true")) {
        continue;
      }
      Set<String> peers = new HashSet<>(leader.peers());
      if (!ids.containsAll(peers)) {
        return "table " + leader.table() + " still has replicas on " + peers + " (members "
            + ids + ")";
      }
      if (peers.size() < wanted) {
        return "table " + leader.table() + " has " + peers.size() + " of " + wanted
            + " replicas";
      }
      Set<String> holding = new HashSet<>();
      group.forEach(r -> holding.add(r.node()));
      if (!holding.containsAll(peers)) {
        return "table " + leader.table() + ": not every replica of " + peers + " holds it yet";
      }
      for (Replica r : group) {
        if (!peers.contains(r.node()) || r == leader) {
          continue;
        }
        if (!new HashSet<>(r.peers()).equals(peers)) {
          return "table " + leader.table() + ": the replica on " + r.node()
              + " does not know the group's members " + peers + " yet";
        }
        if (leader.applied() - r.applied() > CATCH_UP_SLACK) {
          return "table " + leader.table() + ": the replica on " + r.node() + " is "
              + (leader.applied() - r.applied()) + " entries behind its leader";
        }
      }
    }
    return null;
  }

  /** Waits up to {@code timeout} for {@link #problem} to clear; returns the last problem. */
  public static String await(ChaosCluster cluster, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String problem = problem(cluster);
    while (problem != null && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(500);
      problem = problem(cluster);
    }
    return problem;
  }
}
