package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Three in-process nodes with static peers: cross-node commands, placement and fail-over. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniClusterTest {

  @TempDir static Path tmp;
  static MiniCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = MiniCluster.startStatic(tmp, 3, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void anyNodeServesATableCreatedThroughAnother() {
    assertThat(cluster.send(0, "CREATE cross")).isEqualTo("created");
    assertThat(cluster.send(1, "PUTNEW cross k hello world")).isEqualTo("ok");
    assertThat(cluster.send(2, "GET cross k")).isEqualTo("hello world");
    assertThat(cluster.send(2, "CREATE cross")).isEqualTo("already created");
    assertThat(cluster.send(1, "TABLES")).contains("cross");
  }

  @Test
  @Order(1)
  void createdMeansEveryReplicaHoldsTheGroupsFirstEntry() throws Exception {
    // Ratis counts no vote from an empty log once a group has commits: a replica still empty
    // when its leader failed could leave the table without a leader.
    assertThat(cluster.send(2, "CREATE firstentry")).isEqualTo("created");
    org.apache.ratis.protocol.RaftGroupId group =
        RaftClients.groupId(cluster.table("firstentry"));
    for (String id : cluster.replicasOf("firstentry")) {
      assertThat(cluster.raftOf(MiniCluster.indexOf(id)).server().getDivision(group)
          .getRaftLog().getLastEntryTermIndex()).as("last entry on %s", id).isNotNull();
    }
  }

  @Test
  @Order(2)
  void createWithReplicasOnePlacesOneReplica() throws Exception {
    assertThat(cluster.send(1, "CREATE single REPLICAS 1")).isEqualTo("created");

    List<String> replicas = cluster.replicasOf("single");
    assertThat(replicas).hasSize(1);
    int holder = MiniCluster.indexOf(replicas.get(0));
    assertThat(cluster.raftOf(holder).tableGroupIds())
        .contains(RaftClients.groupId(cluster.table("single")));
    for (int i = 0; i < 3; i++) {
      if (i != holder) {
        assertThat(cluster.raftOf(i).tableGroupIds()).as("groups of %s", MiniCluster.id(i))
            .doesNotContain(RaftClients.groupId(cluster.table("single")));
      }
    }
    // every node serves it, holding a replica or not
    assertThat(cluster.send((holder + 1) % 3, "PUTNEW single k v")).isEqualTo("ok");
    assertThat(cluster.send((holder + 2) % 3, "GET single k")).isEqualTo("v");
  }

  @Test
  @Order(3)
  void defaultReplicationPlacesAReplicaOnEveryNode() throws Exception {
    assertThat(cluster.send(2, "CREATE everywhere")).isEqualTo("created");

    assertThat(cluster.replicasOf("everywhere"))
        .containsExactlyInAnyOrder("winter-0", "winter-1", "winter-2");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.raftOf(i).tableGroupIds()).as("groups of %s", MiniCluster.id(i))
            .contains(RaftClients.groupId(cluster.table("everywhere")));
      }
    });
  }

  @Test
  @Order(4)
  void leadersOfManyTablesAreSpreadOverTheNodes() {
    for (int t = 0; t < 9; t++) {
      assertThat(cluster.send(t % 3, "CREATE spread" + t)).isEqualTo("created");
    }

    // LeaderBalancer hands leadership to the preferred replica once it has caught up
    await("leaders of spread0..8 spread over the nodes").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> {
          Map<Integer, Integer> led = new HashMap<>();
          for (int t = 0; t < 9; t++) {
            led.merge(cluster.leaderOf("spread" + t), 1, Integer::sum);
          }
          assertThat(led.values()).as("tables led per node: %s", led)
              .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(5));
        });
  }

  @Test
  @Order(5)
  void afterTheLeaderStopsAnotherNodeTakesWritesAndNoAckedWriteIsLost() {
    assertThat(cluster.send(0, "CREATE failover")).isEqualTo("created");
    Map<String, String> acked = new LinkedHashMap<>();
    for (int k = 0; k < 20; k++) {
      assertThat(cluster.send(k % 3, "PUTNEW failover before" + k + " v" + k)).isEqualTo("ok");
      acked.put("before" + k, "v" + k);
    }
    int leader = cluster.leaderOf("failover");
    int other = (leader + 1) % 3;
    int third = (leader + 2) % 3;

    cluster.stop(leader);

    long start = System.nanoTime();
    await("a write through " + MiniCluster.id(other) + " after " + MiniCluster.id(leader)
        + " stopped").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> "ok".equals(cluster.send(other, "PUTNEW failover first-after v")));
    acked.put("first-after", "v");
    System.out.println("MiniClusterTest: first write after the stop acknowledged in "
        + (System.nanoTime() - start) / 1_000_000 + " ms");
    try (TextClient a = cluster.client(other); TextClient b = cluster.client(third)) {
      for (int k = 0; k < 20; k++) {
        TextClient c = k % 2 == 0 ? a : b;
        assertThat(c.send("PUTNEW failover after" + k + " w" + k)).isEqualTo("ok");
        acked.put("after" + k, "w" + k);
      }
    }
    assertThat(cluster.leaderOf("failover")).isIn(other, third);
    try (TextClient c = cluster.client(third)) {
      acked.forEach((k, v) -> assertThat(c.send("GET failover " + k)).as("GET %s", k)
          .isEqualTo(v));
    }

    cluster.restart(leader);

    await("restarted " + MiniCluster.id(leader) + " serves every acknowledged write")
        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .untilAsserted(() -> {
          try (TextClient c = cluster.client(leader)) {
            assertThat(c.send("GET failover after19")).isEqualTo("w19");
          }
        });
    try (TextClient c = cluster.client(leader)) {
      acked.forEach((k, v) -> assertThat(c.send("GET failover " + k)).as("GET %s", k)
          .isEqualTo(v));
      assertThat(c.send("PUTNEW failover back v")).isEqualTo("ok");
    }
    // its own replica caught up, not only its view through the leader
    await("the local replica on " + MiniCluster.id(leader) + " caught up")
        .atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          var sm = cluster.raftOf(leader).tableStateMachine(
              RaftClients.groupId(cluster.table("failover")));
          assertThat(sm).isNotNull();
          assertThat(sm.getLastAppliedTermIndex().getIndex()).isGreaterThanOrEqualTo(
              cluster.raftOf(cluster.leaderOf("failover")).tableStateMachine(
                  RaftClients.groupId(cluster.table("failover"))).getLastAppliedTermIndex()
                  .getIndex());
        });
  }

  /**
   * Every member of a group has the same Raft priority (a stalled preferred member must not hold
   * up elections); a CREATE hands the new group's leadership to the catalog's preferred replica,
   * and LeaderBalancer hands it back there after that replica's node restarted.
   */
  @Test
  @Order(6)
  void leadershipComesBackToThePreferredReplicaAfterItsNodeRestarts() {
    assertThat(cluster.send(0, "CREATE homecoming")).isEqualTo("created");
    int preferred = MiniCluster.indexOf(
        LeaderBalancer.preferred(cluster.table("homecoming")).orElseThrow().toString());
    // the CREATE hands a new group's leadership to the preferred replica before it answers
    await("the preferred replica on " + MiniCluster.id(preferred) + " leads homecoming")
        .atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
        .until(() -> cluster.leaderOf("homecoming") == preferred);

    cluster.stop(preferred);
    int other = (preferred + 1) % 3;
    await("a write through " + MiniCluster.id(other)).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "ok".equals(cluster.send(other, "PUTNEW homecoming k v")));
    cluster.restart(preferred);

    await("leadership back on " + MiniCluster.id(preferred)).atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> cluster.leaderOf("homecoming") == preferred);
    assertThat(cluster.send(preferred, "GET homecoming k")).isEqualTo("v");
    assertThat(cluster.send(preferred, "PUTNEW homecoming k2 v2")).isEqualTo("ok");
  }

  /**
   * Found by the chaos suite: a DROP that sealed its table's group but timed out before removing
   * the catalog entry left a table that GET called missing and CREATE called already created.
   * The seal is where a DROP takes effect; whatever still lists the table must agree.
   */
  @Test
  @Order(4)
  void aDropInterruptedAfterItsSealLeavesTheTableDroppedEverywhere() throws Exception {
    assertThat(cluster.send(0, "CREATE halfdropped")).isEqualTo("created");
    assertThat(cluster.send(1, "PUTNEW halfdropped k v")).isEqualTo("ok");

    sealOnly(cluster.table("halfdropped"));

    for (int i = 0; i < 3; i++) {
      assertThat(cluster.send(i, "GET halfdropped k")).isEqualTo("missing table");
      assertThat(cluster.send(i, "PUTNEW halfdropped k2 v")).isEqualTo("missing table");
    }
    assertThat(cluster.send(2, "DROP halfdropped")).isEqualTo("missing table");
    assertThat(cluster.send(1, "CREATE halfdropped")).isEqualTo("created");
    assertThat(cluster.send(0, "GET halfdropped k")).isEqualTo("nil");
    assertThat(cluster.send(2, "CREATE halfdropped")).isEqualTo("already created");
  }

  @Test
  @Order(4)
  void theLeaderOfASealedGroupRemovesItsTableFromTheCatalog() throws Exception {
    assertThat(cluster.send(2, "CREATE leftover")).isEqualTo("created");

    sealOnly(cluster.table("leftover"));

    await("the catalog forgets the sealed table").atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(cluster.tables()).extracting(e -> e.getName())
            .doesNotContain("leftover"));
    assertThat(cluster.send(0, "TABLES")).doesNotContain("leftover");
  }

  /** What a DROP does before its catalog step: seals the table's group. */
  private static void sealOnly(io.winter.proto.TableEntry table) throws Exception {
    var seal = io.winter.proto.TableCommand.newBuilder()
        .setSeal(io.winter.proto.Seal.getDefaultInstance()).build();
    try (RaftClients clients = new RaftClients(5000)) {
      var reply = clients.table(table).io()
          .send(io.winter.statemachine.RatisMessages.toMessage(seal));
      assertThat(reply.isSuccess()).isTrue();
    }
  }

  /** Found by the chaos suite: a CREATE whose table was dropped before it answered said "missing table". */
  @Test
  void createRacingDropAnswersOnlyWhatACreateCanAnswer() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 30; round++) {
        int r = round;
        var creates = new java.util.ArrayList<java.util.concurrent.Future<String>>();
        var drops = new java.util.ArrayList<java.util.concurrent.Future<String>>();
        for (int i = 0; i < 2; i++) {
          int node = (r + i) % 3;
          creates.add(pool.submit(() -> cluster.send(node, "CREATE churn")));
          drops.add(pool.submit(() -> cluster.send((node + 1) % 3, "DROP churn")));
        }
        for (var f : creates) {
          // the bug was "missing table"; a timeout is an honest unknown on this loaded machine
          assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS))
              .matches("created|already created|error timed out .*");
        }
        for (var f : drops) {
          // a DROP that meets a group still starting may run out of time: an unknown outcome
          assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS))
              .matches("dropped|missing table|error timed out .*");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
