package io.winter.chaos;

import io.winter.chaos.cluster.ChaosCluster;
import io.winter.chaos.cluster.ChaosNode;
import io.winter.chaos.cluster.ReplicaPages;
import io.winter.chaos.nemesis.FaultLog;
import io.winter.chaos.workload.Workload;
import io.winter.e2e.TextClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import org.awaitility.Awaitility;

/** Setting up the run's tables, and waiting for the cluster to serve them again after faults. */
final class Tables {
  private static final Duration READY = Duration.ofSeconds(120);

  private Tables() {}

  /** Creates the stable tables and waits until every node serves them. */
  static void createStable(ChaosCluster cluster) {
    for (String table : Workload.STABLE_TABLES) {
      Awaitility.await("CREATE " + table).atMost(READY).pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(UncheckedIOException.class)
          .until(() -> Set.of("created", "already created")
              .contains(send(cluster.members().get(0), "CREATE " + table)));
    }
    awaitServed(cluster);
  }

  /**
   * Undoes every fault still in place and waits until every member serves every table; returns
   * what still failed when it did not happen in time (null when all is served).
   */
  static String settle(ChaosCluster cluster, FaultLog log) {
    cluster.healNetwork();
    for (ChaosNode n : cluster.members()) {
      if (n.isPaused()) {
        n.resume();
        log.log("SIGCONT " + n.id() + " (settling)");
      }
      if (!n.isRunning()) {
        n.restart();
        log.log("restarted " + n.id() + " (settling)");
      }
    }
    try {
      awaitServed(cluster);
      log.log("every node serves every table again");
      awaitNoDepartedReplicas(cluster);
      log.log("no group lists a departed node");
      return null;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      log.log("NOT SETTLED: " + e.getMessage());
      return e.getMessage();
    }
  }

  private static void awaitServed(ChaosCluster cluster) {
    for (ChaosNode n : cluster.members()) {
      for (String table : Workload.STABLE_TABLES) {
        String[] last = {"no reply yet"};
        try {
          Awaitility.await().atMost(READY).pollInterval(Duration.ofMillis(500))
              .until(() -> {
                try {
                  last[0] = send(n, "GET " + table + " k0");
                } catch (UncheckedIOException e) {
                  last[0] = e.getMessage();
                  return false;
                }
                return !last[0].startsWith("error ") && !last[0].equals("missing table");
              });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new org.awaitility.core.ConditionTimeoutException(n.id() + " does not serve "
              + table + " within " + READY + "; last reply: " + last[0]);
        }
      }
    }
  }

  /**
   * Waits until no group's leader counts a node that left the cluster among its members: the
   * cluster has moved every replica off departed nodes, so one more failure is tolerated again.
   */
  private static void awaitNoDepartedReplicas(ChaosCluster cluster) {
    Set<String> members = cluster.members().stream().map(ChaosNode::id)
        .collect(java.util.stream.Collectors.toSet());
    String[] last = {"not asked yet"};
    try {
      Awaitility.await().atMost(READY).pollInterval(Duration.ofSeconds(1)).until(() -> {
        java.util.List<String> stale = cluster.reachableMembers().stream()
            .flatMap(m -> ReplicaPages.of(m).stream())
            .filter(ReplicaPages.Replica::isLeader)
            .filter(r -> !members.containsAll(r.peers()))
            .map(r -> r.kind() + " " + r.table() + " led by " + r.node() + ": " + r.peers())
            .toList();
        last[0] = stale.toString();
        return stale.isEmpty();
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new org.awaitility.core.ConditionTimeoutException("groups still list departed nodes"
          + " after " + READY + ": " + last[0]);
    }
  }

  private static String send(ChaosNode n, String line) {
    try (TextClient c = TextClient.connect(n.host(), n.port(), Duration.ofSeconds(10))) {
      return c.send(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (AssertionError e) {
      throw new UncheckedIOException(new IOException(e.getMessage()));
    }
  }
}
