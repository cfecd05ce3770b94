package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gateway batching (on unless -Dwinter.batching=false) on an in-process 3-node cluster. */
class MiniClusterBatchingTest {
  @TempDir static Path dir;
  static MiniCluster cluster;

  @BeforeAll
  static void startCluster() {
    System.setProperty("winter.batching", "true");
    cluster = MiniCluster.startStatic(dir, 3, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    System.clearProperty("winter.batching");
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Concurrent writers to one table share Raft entries (the gateway batches what waits while
   * earlier entries are in flight), and every acknowledged write is readable from every node.
   */
  @Test
  void concurrentWritesShareLogEntriesAndAllAreRead() throws Exception {
    assertThat(cluster.send(0, "CREATE batched")).isEqualTo("created");
    int writers = 16;
    int each = 40;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        done.add(pool.submit(() -> {
          try (TextClient c = cluster.client(id % 3)) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (int i = 0; i < each; i++) {
              lines.add("PUTNEW batched w" + id + "-" + i + " v" + id + "-" + i);
            }
            assertThat(c.pipeline(lines)).containsOnly("ok");
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int node = 0; node < 3; node++) {
      try (TextClient c = cluster.client(node)) {
        java.util.List<String> gets = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
          for (int i = 0; i < each; i++) {
            gets.add("GET batched w" + w + "-" + i);
          }
        }
        java.util.List<String> values = c.pipeline(gets);
        for (int k = 0; k < gets.size(); k++) {
          assertThat(values.get(k)).isEqualTo("v" + gets.get(k).substring("GET batched w".length()));
        }
      }
    }
    long applied = cluster.raftOf(cluster.leaderOf("batched"))
        .tableStateMachine(RaftClients.groupId(cluster.table("batched")))
        .getLastAppliedTermIndex().getIndex();
    assertThat(applied).as("log entries for %d writes", writers * each)
        .isLessThan(writers * each);
  }

  /**
   * A table dropped through another node leaves nothing of its group in this node's gateway
   * once this node has read the catalog; a live table's stays.
   */
  @Test
  void aTableDroppedThroughAnotherNodeIsForgottenHere() {
    assertThat(cluster.send(0, "CREATE gone")).isEqualTo("created");
    assertThat(cluster.send(0, "CREATE kept")).isEqualTo("created");
    assertThat(cluster.send(0, "PUTNEW gone k v")).isEqualTo("ok");
    assertThat(cluster.send(0, "PUTNEW kept k v")).isEqualTo("ok");
    RaftStore store = cluster.node(0).store();
    var gone = RaftClients.groupId(cluster.table("gone"));
    var kept = RaftClients.groupId(cluster.table("kept"));
    assertThat(store.trackedGroups()).contains(gone, kept);

    assertThat(cluster.send(1, "DROP gone")).isEqualTo("dropped");
    // a DROP whose catalog step was cut off is finished later by the node's dropped-table cleanup
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      store.forgetDropped().join();
      assertThat(store.trackedGroups()).contains(kept).doesNotContain(gone);
    });

    assertThat(cluster.send(0, "CREATE gone")).isEqualTo("created");
    assertThat(cluster.send(0, "PUTNEW gone k v2")).isEqualTo("ok");
    assertThat(cluster.send(0, "GET gone k")).isEqualTo("v2");
    assertThat(cluster.send(0, "GET kept k")).isEqualTo("v");
  }
}
