package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.WinterProcess;
import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import io.winter.statemachine.RatisMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the catalog moves a replica away, the node deletes it only once its group no longer
 * counts the node; and a replica Ratis shut down is opened again while the catalog places it
 * here (both found by the 30-minute chaos run: a replica deleted while its group had just
 * re-added it was never caught up again).
 */
class LocalReplicasLeaveTest {
  private static final RaftPeerId SELF = RaftPeerId.valueOf("winter-0");
  private static final Duration DROPPED_REPLICA_GRACE = Duration.ofSeconds(2);

  @TempDir Path dir;
  private int port;
  private RaftServer server;
  private LocalReplicas replicas;
  private final AtomicReference<TableEntry> catalog = new AtomicReference<>();

  @BeforeEach
  void startServer() throws Exception {
    port = WinterProcess.freePort();
    server = LocalReplicasRestartTest.startServer(SELF, dir, port);
    replicas = new LocalReplicas(SELF, DROPPED_REPLICA_GRACE);
    replicas.readCatalogWith(name -> Optional.ofNullable(catalog.get())
        .filter(t -> t.getName().equals(name)));
    replicas.listTablesWith(() -> Optional.ofNullable(catalog.get()).stream().toList());
    replicas.askGroupLeadersAmong(() -> List.of(RaftPeer.newBuilder().setId(SELF)
        .setAddress("127.0.0.1:" + port).build()));
    replicas.start(server, id -> { });
  }

  @AfterEach
  void stop() throws Exception {
    replicas.close();
    server.close();
  }

  @Test
  void aReplicaItsGroupStillCountsIsKeptAndOneOfADroppedTableGoes() throws Exception {
    TableEntry here = createLedHere("kept");
    RaftGroupId groupId = RaftClients.groupId(here);

    // the catalog says the replica moved to another node, but the group (led by this node)
    // still lists only this node
    TableEntry movedAway = here.toBuilder().clearReplicas()
        .addReplicas(peer("winter-1", WinterProcess.freePort())).build();
    catalog.set(movedAway);
    replicas.replicasChanged(here, movedAway);

    await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(15))
        .until(() -> LocalGroups.has(server, groupId)
            && server.getDivision(groupId).getInfo().isAlive());

    catalog.set(null);
    replicas.tableDropped(movedAway);
    assertThat(LocalGroups.has(server, groupId)).as("kept for retries across the DROP").isTrue();
    // kept a while for writes retried across the DROP, then removed
    await().atMost(DROPPED_REPLICA_GRACE.plusSeconds(20)).untilAsserted(() -> {
      assertThat(LocalGroups.has(server, groupId)).isFalse();
      assertThat(dir.resolve("raft").resolve(groupId.getUuid().toString())).doesNotExist();
    });
  }

  @Test
  void aReplicaRatisShutDownIsOpenedAgainWithItsData() throws Exception {
    TableEntry here = createLedHere("reopened");
    RaftGroupId groupId = RaftClients.groupId(here);
    long term = server.getDivision(groupId).getInfo().getCurrentTerm();

    // what Ratis does to a candidate outside its own configuration
    server.getDivision(groupId).close();
    assertThat(server.getDivision(groupId).getInfo().isAlive()).isFalse();

    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
      RaftServer.Division d = server.getDivision(groupId);
      return d.getInfo().isAlive() && d.getInfo().isLeader();
    });
    assertThat(server.getDivision(groupId).getInfo().getCurrentTerm())
        .as("the term went on from the old one: the replica came back from its directory")
        .isGreaterThan(term);
  }

  /** A table whose only replica is on this node, once its group has elected it. */
  private TableEntry createLedHere(String name) throws Exception {
    TableEntry table = table(name, peer("winter-0", port));
    catalog.set(table);
    replicas.tableCreated(table);
    replicas.whenPresent(table).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.getDivision(RaftClients.groupId(table)).getInfo().isLeader());
    return table;
  }

  private static TableEntry table(String name, Peer... replicas) {
    return TableEntry.newBuilder()
        .setName(name)
        .setGroupId(RatisMessages.bytesOf(RaftClients.newGroupIdBytes()))
        .addAllReplicas(List.of(replicas))
        .setReplication(replicas.length)
        .build();
  }

  private static Peer peer(String id, int port) {
    return Peer.newBuilder().setId(id).setAddress("127.0.0.1:" + port).build();
  }
}
