package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import io.winter.proto.NodeRecord;
import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarted under its old id with its data directory wiped comes back as a new
 * incarnation: the cluster removes the one it replaces from every group and adds it back as a
 * new member, whose replicas catch up from the others. No acknowledged write is ever read back
 * missing, through any node.
 */
class MiniClusterWipeTest {
  private static final List<String> TABLES = List.of("wiped0", "wiped1", "wiped2");
  private static final Map<String, String> SETTINGS = Map.of("WINTER_RECONCILE_INTERVAL", "1s");

  @TempDir Path tmp;
  MiniCluster cluster;
  final Map<String, String> acked = new LinkedHashMap<>();

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWipedNodeRejoinsAsANewMemberAndGetsItsReplicasBack() throws Exception {
    cluster = MiniCluster.startStatic(tmp, 3, SETTINGS);
    wipeAndCheckTheRejoin();
  }

  @Test
  void aWipedNodeFoundInDnsRejoinsTheSameWay() throws Exception {
    cluster = MiniCluster.dns(tmp, 3, SETTINGS);
    for (int i = 0; i < 3; i++) {
      cluster.publish(i);
      cluster.start(i);
    }
    cluster.awaitFormed();
    wipeAndCheckTheRejoin();
  }

  /**
   * Found by the long chaos run: a founder ({@code winter-1}) restarted with an empty disk after
   * another founder ({@code winter-0}) had left DNS for good waited forever for all founders
   * to form a new cluster, instead of joining the one that exists.
   */
  @Test
  void aWipedFounderRejoinsAfterAnotherFounderLeftDns() throws Exception {
    cluster = MiniCluster.dns(tmp, 4, Map.of("WINTER_RECONCILE_INTERVAL", "1s",
        "WINTER_DEAD_PEER_GRACE", "2s"));
    for (int i = 0; i < 4; i++) {
      cluster.publish(i);
      cluster.start(i);
    }
    cluster.awaitFormed();
    assertThat(cluster.send(2, "CREATE kept")).isEqualTo("created");
    assertThat(cluster.send(3, "PUTNEW kept k before")).isEqualTo("ok");

    cluster.unpublish(0);
    cluster.stop(0);
    try {
      await("winter-0 moved out of every group").atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .until(() -> cluster.tables().stream().noneMatch(t -> t.getReplicasList().stream()
              .anyMatch(p -> p.getId().equals(MiniCluster.id(0)))));
    } catch (ConditionTimeoutException e) {
      // Failed once in CI (2026-12-06) with no catalog leader in the logs; the pages say why.
      throw new AssertionError(e.getMessage() + "\n" + cluster.replicaPages(), e);
    }

    cluster.stop(1);
    cluster.wipe(1);
    cluster.start(1);
    await("the wiped founder serving again").atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(() -> "before".equals(cluster.send(1, "GET kept k")));
    assertThat(cluster.send(1, "PUTNEW kept k2 after")).isEqualTo("ok");
    assertThat(cluster.send(2, "GET kept k2")).isEqualTo("after");
  }

  private void wipeAndCheckTheRejoin() throws Exception {
    for (int t = 0; t < TABLES.size(); t++) {
      assertThat(cluster.send(t, "CREATE " + TABLES.get(t))).isEqualTo("created");
      try (TextClient c = cluster.client((t + 1) % 3)) {
        for (int k = 0; k < 20; k++) {
          assertThat(c.send("PUTNEW " + TABLES.get(t) + " k" + k + " v" + t + "-" + k))
              .isEqualTo("ok");
          acked.put(TABLES.get(t) + " k" + k, "v" + t + "-" + k);
        }
      }
    }
    int victim = cluster.leaderOf(TABLES.get(0));
    String id = MiniCluster.id(victim);
    String lost = await("the incarnation of " + id + " recorded").atMost(Duration.ofSeconds(10))
        .until(() -> cluster.catalogLeaderRaft().catalog().localNode(id), r -> r.isPresent())
        .orElseThrow().getIncarnation();

    List<String> wrong = new CopyOnWriteArrayList<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = new Thread(() -> readAll(reading, wrong), "wiped-reader");
    cluster.stop(victim);
    cluster.wipe(victim);
    reader.start();
    try {
      cluster.start(victim);
      await(id + " a member again under a new incarnation, every table at 3 replicas")
          .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .untilAsserted(() -> {
            RaftNode leader = cluster.catalogLeaderRaft();
            NodeRecord record = leader.catalog().localNode(id).orElseThrow();
            assertThat(record.getIncarnation()).isNotEqualTo(lost);
            assertThat(record.getState()).isEqualTo(NodeRecord.State.ACTIVE);
            assertThat(leader.catalogPeers()).extracting(p -> p.getId().toString())
                .contains(id);
            for (String table : TABLES) {
              assertThat(cluster.table(table).getReplicasList()).extracting(Peer::getId)
                  .as("replicas of %s", table)
                  .containsExactlyInAnyOrder("winter-0", "winter-1", "winter-2");
            }
          });
      await(id + " holds every table, caught up with the leader's replica")
          .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .untilAsserted(() -> {
            for (String table : TABLES) {
              TableEntry entry = cluster.table(table);
              var mine = cluster.raftOf(victim).tableStateMachine(RaftClients.groupId(entry));
              var leaders = cluster.raftOf(cluster.leaderOf(table))
                  .tableStateMachine(RaftClients.groupId(entry));
              assertThat(mine).as("%s on %s", table, id).isNotNull();
              assertThat(mine.digest()).isEqualTo(leaders.digest());
            }
          });
      cluster.awaitFormed();
    } finally {
      reading.set(false);
      reader.join();
    }

    for (int n = 0; n < 3; n++) {
      try (TextClient c = cluster.client(n)) {
        for (var e : acked.entrySet()) {
          assertThat(c.send("GET " + e.getKey())).as("GET %s via %s", e.getKey(),
              MiniCluster.id(n)).isEqualTo(e.getValue());
        }
      }
    }
    assertThat(wrong).as("reads of acknowledged keys answered wrongly while %s rejoined", id)
        .isEmpty();
    assertThat(cluster.send(victim, "PUTNEW wiped0 after rejoin")).isEqualTo("ok");
  }

  /** Reads every acknowledged key through every running node until told to stop. */
  private void readAll(AtomicBoolean reading, List<String> wrong) {
    while (reading.get()) {
      for (int n : cluster.running()) {
        try (TextClient c = cluster.client(n)) {
          for (var e : acked.entrySet()) {
            String reply = c.send("GET " + e.getKey());
            if (!reply.equals(e.getValue()) && !reply.startsWith("error unavailable")
                && !reply.startsWith("error timed out")) {
              wrong.add("GET " + e.getKey() + " via " + MiniCluster.id(n) + ": " + reply);
            }
          }
        } catch (RuntimeException | AssertionError e) {
          // a node being stopped or started: its next round will tell
        }
      }
    }
  }
}
