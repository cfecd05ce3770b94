package io.winter.e2e.cluster;

import static io.winter.e2e.E2e.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterLogsOnFailure;
import java.nio.file.Path;
import java.util.Map;
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
    for (int round = 0; round < 8 * n; round++) {
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
}
