package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership follows DNS: the founders form the cluster once all are listed, nodes added to DNS
 * join and take replicas, and nodes removed from DNS and stopped have their replicas re-created
 * on the live nodes after the grace period, without losing data.
 *
 * <p>Nodes leave one at a time. Removing winter-3 and winter-4 together (as a StatefulSet
 * scaled from 5 to 3 in one step would, within the grace period) leaves every table that had two
 * of its three replicas on them without a majority: its group cannot commit the configuration
 * change that would move them, so the evacuation stalls on it and the nodes are never removed.
 *
 * <p>A GET through a node may be answered "unavailable" while a replica of its table moves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniClusterReconcileTest {
  private static final Duration GRACE = Duration.ofSeconds(3);

  @TempDir static Path tmp;
  static MiniCluster cluster;
  /** Every acknowledged write: "table key" to value. */
  static final Map<String, String> written = new LinkedHashMap<>();

  @BeforeAll
  static void prepare() throws InterruptedException {
    cluster = MiniCluster.dns(tmp, 5, Map.of(
        "WINTER_RECONCILE_INTERVAL", "1s",
        "WINTER_DEAD_PEER_GRACE", GRACE.toSeconds() + "s"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void theFoundersFormTheClusterOnlyOnceAllAreInDns() {
    for (int i = 0; i < 2; i++) {
      cluster.publish(i);
      cluster.start(i);
      int listed = i + 1;
      for (int n : cluster.running()) {
        // the node has asked DNS and waits for the founders it has not seen
        await(MiniCluster.id(n) + " waiting with " + listed + " founders in DNS")
            .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .until(() -> cluster.send(n, "CREATE early"),
                reply -> reply.contains("(" + listed + " of "));
        assertThat(cluster.send(n, "CREATE early")).startsWith("error unavailable");
        assertThat(cluster.send(n, "GET early k")).startsWith("error unavailable");
        assertThat(cluster.send(n, "PING")).isEqualTo("pong");
        assertThat(cluster.raftOf(n)).as("Raft of %s", MiniCluster.id(n)).isNull();
      }
    }

    cluster.publish(2);
    cluster.start(2);
    cluster.awaitFormed();

    assertThat(memberIds()).containsExactlyInAnyOrder("winter-0", "winter-1", "winter-2");
    for (int n = 0; n < 3; n++) {
      assertThat(cluster.send(n, "GET early k")).as("a refused CREATE made no table")
          .isEqualTo("missing table");
    }
  }

  @Test
  @Order(2)
  void nodesAddedToDnsJoinAndNewTablesPlaceReplicasOnThem() {
    for (int t = 0; t < 5; t++) {
      createAndFill("old" + t, t % 3);
    }

    cluster.publish(3);
    cluster.publish(4);
    cluster.start(3);
    cluster.start(4);

    await("winter-3 and winter-4 are catalog members").atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          assertThat(cluster.catalogLeaderRaft().catalogPeers()).hasSize(5);
          assertThat(memberIds()).contains("winter-3", "winter-4");
        });
    cluster.awaitFormed();
    createAndFill("new0", 3);
    createAndFill("new1", 4);

    Set<String> placed = new HashSet<>(cluster.replicasOf("new0"));
    placed.addAll(cluster.replicasOf("new1"));
    assertThat(placed).as("replicas of tables created after the join")
        .contains("winter-3", "winter-4");
    assertAllWritesReadable();
  }

  @Test
  @Order(3)
  void replicasRebalanceOntoTheNewNodes() {
    await("no node holds 2 or more replicas more than another").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          Map<String, Integer> counts = replicaCounts();
          System.out.println("MiniClusterReconcileTest: replicas per node " + counts);
          assertThat(counts).hasSize(5);
          int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
          int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
          assertThat(max - min).as("replicas per node %s", counts).isLessThan(2);
        });
    awaitEveryReplicaHeldWhereTheCatalogSays();
    assertThat(cluster.tables()).allSatisfy(t -> assertThat(t.getReplicasCount())
        .as("replicas of %s", t.getName()).isEqualTo(3));
    assertAllWritesReadable();
  }

  /**
   * Scale-down from 5 to 3, one node at a time as the grace period requires: a table can lose
   * at most one of its three replicas at once. Stopping winter-3 and winter-4 together leaves
   * the tables holding two replicas on them without a majority, which no reconfiguration can
   * heal (see the class comment).
   */
  @Test
  @Order(4)
  void nodesRemovedFromDnsAndStoppedHaveTheirReplicasRecreatedOnLiveNodes() {
    for (int gone : List.of(4, 3)) {
      String id = MiniCluster.id(gone);
      cluster.unpublish(gone);
      cluster.stop(gone);
      long stopped = System.nanoTime();

      await("replicas of " + id + " re-created elsewhere and " + id + " out of the catalog")
          .atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> {
            List<String> live = cluster.running().stream().map(MiniCluster::id).toList();
            for (TableEntry t : cluster.tables()) {
              assertThat(ids(t)).as("replicas of %s", t.getName())
                  .hasSize(Math.min(3, live.size()))
                  .doesNotHaveDuplicates()
                  .isSubsetOf(live);
            }
            assertThat(memberIds()).containsExactlyInAnyOrderElementsOf(live);
          });
      System.out.println("MiniClusterReconcileTest: " + id + " evacuated "
          + (System.nanoTime() - stopped) / 1_000_000 + " ms after it stopped (grace "
          + GRACE.toMillis() + " ms)");
      awaitEveryReplicaHeldWhereTheCatalogSays();
      assertAllWritesReadable();
    }

    assertThat(memberIds()).containsExactlyInAnyOrder("winter-0", "winter-1", "winter-2");
    createAndFill("after", 0);
    assertThat(cluster.replicasOf("after"))
        .containsExactlyInAnyOrder("winter-0", "winter-1", "winter-2");
    assertAllWritesReadable();
  }

  /**
   * Found by the chaos suite's long run: a replica change is a group step and a catalog step,
   * and after one that was interrupted (or succeeded with its reply lost) the catalog listed
   * other replicas than the group had; moves started from that list kept failing and a wiped
   * node was never evacuated. The catalog now follows the group, whichever way they differ.
   */
  @Test
  @Order(5)
  void aCatalogListThatDivergedFromItsGroupIsCorrectedFromTheGroup() throws Exception {
    TableEntry table = cluster.table("after");
    List<Peer> two = table.getReplicasList().subList(0, 2);
    try (RaftClients clients = new RaftClients(5000)) {
      // a removal whose group step committed but whose catalog step never ran
      var reply = clients.table(table).admin().setConfiguration(RaftClients.toPeers(two));
      assertThat(reply.isSuccess()).as("group shrunk behind the catalog's back").isTrue();
    }
    assertThat(groupMembers("after")).hasSize(2);
    awaitCatalogFollowsAGroupOf3("after");

    // an addition whose catalog step ran but whose group step never did
    TableEntry current = cluster.table("after");
    Peer ghost = Peer.newBuilder().setId("winter-9").setAddress("127.0.0.1:9").build();
    var listed = io.winter.proto.SetReplicas.newBuilder().setName("after")
        .setGroupId(current.getGroupId()).addAllReplicas(current.getReplicasList())
        .addReplicas(ghost);
    try (RaftClients clients = new RaftClients(5000)) {
      var reply = clients.get(cluster.catalogLeaderRaft().catalogGroup()).io()
          .send(io.winter.statemachine.RatisMessages.toMessage(io.winter.proto.CatalogCommand
              .newBuilder().setSetReplicas(listed).build()));
      assertThat(reply.isSuccess()).as("catalog lists a replica the group lacks").isTrue();
    }
    assertThat(cluster.replicasOf("after")).contains("winter-9");
    awaitCatalogFollowsAGroupOf3("after");
    assertAllWritesReadable();
  }

  /**
   * Found by the chaos suite's long run: a group that let its own leader go left that replica
   * half-closed for good (Ratis closes such a leader from the thread its close waits for), so
   * its removal never returned and its node could not stop. Leadership now moves first.
   */
  @Test
  @Order(6)
  void aReplicaDroppedFromItsGroupsLeaderIsClosedAndTheGroupHealsAgain() throws Exception {
    TableEntry table = cluster.table("after");
    RaftGroupId groupId = RaftClients.groupId(table);
    int leader = cluster.leaderOf("after");
    RaftNode raft = cluster.catalogLeaderRaft();
    try (RaftClients clients = new RaftClients(5000)) {
      RaftStore store = new RaftStore(raft, clients, 100, 3, 5000);
      try (ReplicaAudit audit = new ReplicaAudit(raft, store)) {
        new ReplicaMover(raft, clients, store, audit)
            .shrink(audit.aligned(table), MiniCluster.id(leader));
      }
    }

    await("the group of 'after' led elsewhere, whole again, and no replica of it left closed")
        .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(() -> {
          assertThat(groupMembers("after")).hasSize(3);
          assertThat(cluster.replicasOf("after"))
              .containsExactlyInAnyOrderElementsOf(groupMembers("after"));
          for (int i : cluster.running()) {
            RaftServer server = cluster.raftOf(i).server();
            assertThat(!LocalGroups.has(server, groupId)
                || server.getDivision(groupId).getInfo().isAlive())
                .as("the replica of 'after' on %s is open, or gone", MiniCluster.id(i)).isTrue();
          }
        });
    assertAllWritesReadable();
  }

  private static void awaitCatalogFollowsAGroupOf3(String table) {
    await("the catalog lists the members of the group of " + table + ", and it has 3 again")
        .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> {
          assertThat(groupMembers(table)).hasSize(3);
          assertThat(cluster.replicasOf(table))
              .containsExactlyInAnyOrderElementsOf(groupMembers(table));
        });
  }

  /** The members of the table's group, as its leader has them. */
  private static List<String> groupMembers(String table) throws Exception {
    int leader = cluster.leaderOf(table);
    return cluster.raftOf(leader).server().getDivision(RaftClients.groupId(cluster.table(table)))
        .getRaftConf().getCurrentPeers().stream().map(p -> p.getId().toString()).toList();
  }

  // ------------------------------------------------------------------ helpers

  private static void createAndFill(String table, int via) {
    try (TextClient c = cluster.client(via)) {
      assertThat(c.send("CREATE " + table)).as("CREATE %s via %s", table, MiniCluster.id(via))
          .isEqualTo("created");
      for (int k = 0; k < 3; k++) {
        String value = table + "-value-" + k;
        assertThat(c.send("PUTNEW " + table + " k" + k + " " + value)).isEqualTo("ok");
        written.put(table + " k" + k, value);
      }
    }
  }

  /**
   * Every acknowledged write reads back through every running node. A read that meets a replica
   * move in flight may be answered "unavailable" or "timed out" (see the class comment): it is
   * retried for a while and logged, since losing availability briefly is not losing data.
   */
  private static void assertAllWritesReadable() {
    for (int n : cluster.running()) {
      try (TextClient c = cluster.client(n)) {
        written.forEach((tableKey, value) -> {
          String first = c.send("GET " + tableKey);
          if (first.equals(value)) {
            return;
          }
          System.out.println("MiniClusterReconcileTest: GET " + tableKey + " via "
              + MiniCluster.id(n) + " answered '" + first + "'; retrying");
          assertThat(first).as("GET %s via %s", tableKey, MiniCluster.id(n))
              .matches("error (unavailable|timed out).*");
          await("GET " + tableKey + " via " + MiniCluster.id(n)).atMost(Duration.ofSeconds(10))
              .pollInterval(Duration.ofMillis(200))
              .untilAsserted(() -> assertThat(c.send("GET " + tableKey)).isEqualTo(value));
        });
      }
    }
  }

  private static List<String> memberIds() {
    return cluster.catalogLeaderRaft().catalogPeers().stream().map(p -> p.getId().toString())
        .toList();
  }

  private static List<String> ids(TableEntry table) {
    return table.getReplicasList().stream().map(Peer::getId).toList();
  }

  /** Replicas per catalog member, members without any included. */
  private static Map<String, Integer> replicaCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    memberIds().forEach(id -> counts.put(id, 0));
    cluster.tables().forEach(t -> ids(t).forEach(id -> counts.merge(id, 1, Integer::sum)));
    return counts;
  }

  /** Each running node holds exactly the table groups the catalog places on it. */
  private static void awaitEveryReplicaHeldWhereTheCatalogSays() {
    await("local replicas match the catalog").atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          for (int n : cluster.running()) {
            Set<Object> expected = new HashSet<>();
            for (TableEntry t : cluster.tables()) {
              if (ids(t).contains(MiniCluster.id(n))) {
                expected.add(RaftClients.groupId(t));
              }
            }
            assertThat(new HashSet<Object>(cluster.raftOf(n).tableGroupIds()))
                .as("table groups on %s", MiniCluster.id(n)).isEqualTo(expected);
          }
        });
  }
}
