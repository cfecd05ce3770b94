package io.winter.e2e.cluster;

import static io.winter.e2e.E2e.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import io.winter.testing.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes with static peers: any node serves any table, whichever node created it and
 * whichever nodes hold its replicas; the catalog is the same everywhere; reads are linearizable
 * across nodes.
 */
@ExtendWith(WinterLogsOnFailure.class)
class StaticClusterIT {

  @TempDir static Path tmp;
  static ClusterHarness cluster;

  @BeforeAll
  static void startCluster() {
    cluster = ClusterHarness.startStatic(tmp, 3, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anyNodeServesAnyTable() {
    CrossNodeChecks.anyNodeServesAnyTable(cluster, "cross");
  }

  @Test
  void tablesWithFewerReplicasThanNodesAreServedByEveryNode() {
    CrossNodeChecks.fewerReplicasThanNodes(cluster, "few");
  }

  @Test
  void everyNodeListsTheSameTables() {
    CrossNodeChecks.sameTablesEverywhere(cluster, "listed");
  }

  @Test
  void concurrentCreateOfOneNameAcrossNodesHasExactlyOneWinner() throws Exception {
    CrossNodeChecks.createRace(cluster, "race");
  }

  @Test
  void writesAcknowledgedOnOneNodeAreVisibleOnTheOthersAtOnce() {
    CrossNodeChecks.linearizableAcrossNodes(cluster, "linear");
  }

  @Test
  void dropOnOneNodeIsSeenByTheOthersAtOnce() {
    int n = cluster.size();
    // three rounds for each rotation of the creating, writing and dropping nodes
    for (int round = 0; round < 3 * n; round++) {
      int i = round % n;
      String table = "dropped" + round;
      try (TextClient a = cluster.node(i).client();
           TextClient b = cluster.node((i + 1) % n).client();
           TextClient c = cluster.node((i + 2) % n).client()) {
        expect(a, "CREATE " + table, "created");
        expect(b, "PUTNEW " + table + " k old", "ok");
        expect(a, "GET " + table + " k", "old");
        expect(c, "DROP " + table, "dropped");
        // linearizable: once DROP is acknowledged, no node serves the old table
        expect(a, "GET " + table + " k", "missing table");
        expect(b, "PUTNEW " + table + " k v", "missing table");
        expect(b, "CREATE " + table, "created");
        expect(c, "GET " + table + " k", "nil");
        expect(a, "GET " + table + " k", "nil");
      }
    }
    assertThat(cluster.alive()).hasSize(n);
  }

  @Test
  void everyReplicaReportsTheSameDigestOnceTheyHaveAppliedTheSameLog() {
    try (TextClient c = cluster.node(0).client()) {
      expect(c, "CREATE digests", "created");
      for (int i = 0; i < 20; i++) {
        expect(c, "PUTNEW digests k" + i + " v" + i, "ok");
      }
      expect(c, "DELETE digests k3", "ok");
    }
    Awaitility.await("the same applied index and digest on every replica")
        .atMost(Duration.ofSeconds(30))
        .until(() -> {
          Set<String> states = new HashSet<>();
          int replicas = 0;
          for (WinterProcess p : cluster.nodes()) {
            for (String line : replicaLines(p)) {
              if (line.contains(" table=digests ")) {
                // a follower learns that the last entries are committed with the leader's
                // next append, so it may not have applied the DELETE yet
                if (!line.contains(" keys=19 ") || !line.contains(" sealed=false")) {
                  return false;
                }
                replicas++;
                states.add(field(line, "applied") + "/" + field(line, "digest"));
              }
            }
          }
          return replicas == 3 && states.size() == 1;
        });
  }

  private static String[] replicaLines(WinterProcess p) {
    return Http.body(p.metricsPort(), "/debug/replicas").split("\n");
  }

  private static String field(String line, String name) {
    for (String part : line.split(" ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + line);
  }
}
