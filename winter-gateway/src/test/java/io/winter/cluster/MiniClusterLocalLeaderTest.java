package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests through the node that leads the table: writes commit on a majority before their
 * reply and keep a connection's order when the leader steps down in the middle of them (and
 * Ratis hands leadership back to it), and reads, which LocalLeader hands to the local replica,
 * see the connection's earlier writes, also for a one-replica table answered from its applied
 * state.
 */
class MiniClusterLocalLeaderTest {
  private static final int PAIRS = 400;

  @TempDir Path tmp;

  @Test
  void writesThroughTheLeadersNodeKeepTheirOrderWhileItStepsDown() throws Exception {
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3, Map.of())) {
      assertThat(cluster.send(0, "CREATE local")).isEqualTo("created");
      int leader = cluster.leaderOf("local");
      RaftGroupId group = RaftClients.groupId(cluster.table("local"));

      assertThat(cluster.send(leader, "PUTNEW local first lone")).isEqualTo("ok");
      // acknowledged means committed: a follower's disk already holds the write's entry
      long written = indexOfEntryHolding(cluster, leader, group, "lone");
      assertThat(List.of((leader + 1) % 3, (leader + 2) % 3).stream()
          .mapToLong(i -> flushed(cluster, i, group)).max().orElseThrow())
          .as("a follower's flushed log holds the acknowledged write at index %d", written)
          .isGreaterThanOrEqualTo(written);

      // two writes of each key, the first must win (put-if-absent): applied in the order sent
      StringBuilder writes = new StringBuilder();
      for (int i = 0; i < PAIRS; i++) {
        writes.append("PUTNEW local k").append(i).append(" first\n");
        writes.append("PUTNEW local k").append(i).append(" second\n");
      }
      List<String> replies = new ArrayList<>();
      CompletableFuture<Void> transfer = null;
      try (RaftClients clients = new RaftClients(5_000);
           RaftClient admin = clients.oneOff(RaftClients.toGroup(cluster.table("local")),
               RaftPeerId.valueOf(MiniCluster.id(leader)));
           TextClient client = cluster.client(leader).readTimeout(Duration.ofSeconds(30))) {
        client.sendRaw(writes.toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2 * PAIRS; i++) {
          replies.add(client.readLine());
          if (i == PAIRS / 4) {
            // the leader steps down while the rest of the writes are under way
            transfer = CompletableFuture.runAsync(() -> {
              try {
                admin.admin().transferLeadership(null, 5_000); // steps down
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
          }
        }
        transfer.join();
      }
      assertThat(replies).allMatch("ok"::equals);
      List<String> gets = new ArrayList<>();
      for (int i = 0; i < PAIRS; i++) {
        gets.add("GET local k" + i);
      }
      try (TextClient reader = cluster.client((leader + 2) % 3)) {
        assertThat(reader.pipeline(gets)).allMatch("first"::equals);
      }
    }
  }

  @Test
  void readsOfATableWithOneReplicaSeeTheConnectionsEarlierWrites() throws Exception {
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3, Map.of())) {
      assertThat(cluster.send(0, "CREATE solo REPLICAS 1")).isEqualTo("created");
      int holder = MiniCluster.indexOf(cluster.replicasOf("solo").get(0));
      List<String> lines = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < PAIRS; i++) {
        lines.add("PUTNEW solo k" + i + " v" + i);
        lines.add("GET solo k" + i);
        lines.add("GET solo absent" + i);
        expected.addAll(List.of("ok", "v" + i, "nil"));
      }
      for (int node : List.of(holder, (holder + 1) % 3)) {
        try (TextClient client = cluster.client(node)) {
          List<String> replies = client.pipeline(lines);
          // the second pass, through a node without a replica, finds the first pass' values
          assertThat(replies).as("through %s", MiniCluster.id(node))
              .containsExactlyElementsOf(expected);
        }
      }
    }
  }

  /** The index of the newest entry of the node's log whose data contains the text. */
  private static long indexOfEntryHolding(MiniCluster cluster, int node, RaftGroupId group,
                                          String text) throws Exception {
    org.apache.ratis.server.raftlog.RaftLog log =
        cluster.raftOf(node).server().getDivision(group).getRaftLog();
    for (long i = log.getLastEntryTermIndex().getIndex(); i >= log.getStartIndex(); i--) {
      org.apache.ratis.proto.RaftProtos.LogEntryProto entry = log.get(i);
      if (entry != null && entry.hasStateMachineLogEntry() && entry.getStateMachineLogEntry()
          .getLogData().toStringUtf8().contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no entry of " + MiniCluster.id(node) + " holds " + text);
  }

  private static long flushed(MiniCluster cluster, int node, RaftGroupId group) {
    try {
      return cluster.raftOf(node).server().getDivision(group).getRaftLog().getFlushIndex();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
