package io.winter.chaos.nemesis;

import io.winter.chaos.cluster.ChaosCluster;
import io.winter.chaos.cluster.ChaosNode;
import io.winter.chaos.cluster.ReplicaPages;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Membership changes through the normal path: a node enters or leaves DNS, and the cluster's
 * reconciliation adds it, or moves its replicas away and removes it. One change at a time; each
 * waits (bounded) until the cluster has taken it in.
 */
final class Membership {
  private static final Duration SETTLE = Duration.ofSeconds(45);
  private final ChaosCluster cluster;
  private final FaultLog log;

  Membership(ChaosCluster cluster, FaultLog log) {
    this.cluster = cluster;
    this.log = log;
  }

  /** Adds a node when the cluster is at its initial size, else removes one; sometimes both. */
  void change(Random random, int initialMembers) {
    List<ChaosNode> members = cluster.members();
    if (members.size() > initialMembers) {
      remove(members.get(random.nextInt(members.size())));
    } else if (cluster.hasFreeSlot()) {
      ChaosNode added = add();
      if (random.nextBoolean()) {
        List<ChaosNode> old = cluster.members().stream().filter(n -> n != added).toList();
        remove(old.get(random.nextInt(old.size())));
      }
    }
  }

  private ChaosNode add() {
    ChaosNode n = cluster.addNode();
    log.log("added " + n.id() + " to DNS and started it");
    try {
      Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(500))
          .until(() -> ReplicaPages.of(n).stream().anyMatch(r -> r.kind().equals("catalog")));
      log.log(n.id() + " joined the catalog");
    } catch (ConditionTimeoutException e) {
      log.log(n.id() + " has not joined the catalog within " + SETTLE);
    }
    return n;
  }

  private void remove(ChaosNode n) {
    cluster.removeNode(n);
    log.log("removed " + n.id() + " from DNS and stopped it");
    try {
      Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(500))
          .until(() -> cluster.reachableMembers().stream()
              .flatMap(m -> ReplicaPages.of(m).stream())
              .noneMatch(r -> r.peers().contains(n.id())));
      log.log(n.id() + " no longer listed by any group");
    } catch (ConditionTimeoutException e) {
      log.log(n.id() + " still listed by some group after " + SETTLE);
    }
  }
}
