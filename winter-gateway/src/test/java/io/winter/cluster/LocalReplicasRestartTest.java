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
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica of a new table restarted before its group ever elected a leader: Ratis brings it
 * back without members, and it must get them from the catalog again (found by the chaos suite:
 * with another replica lost, such a table never got a leader).
 */
class LocalReplicasRestartTest {
  private static final java.time.Duration GRACE = LocalReplicas.droppedReplicaGrace(5000);
  private static final RaftPeerId SELF = RaftPeerId.valueOf("winter-0");

  @TempDir Path dir;

  @Test
  void aReplicaRestartedBeforeItsFirstElectionGetsItsMembersBack() throws Exception {
    int port = WinterProcess.freePort();
    TableEntry table = TableEntry.newBuilder()
        .setName("fresh")
        .setGroupId(RatisMessages.bytesOf(RaftClients.newGroupIdBytes()))
        // the other two replicas never answer: the group cannot elect a leader
        .addReplicas(peer("winter-0", port))
        .addReplicas(peer("winter-1", WinterProcess.freePort()))
        .addReplicas(peer("winter-2", WinterProcess.freePort()))
        .setReplication(3)
        .build();
    RaftGroupId groupId = RaftClients.groupId(table);

    try (RaftServer first = server(port); LocalReplicas replicas = new LocalReplicas(SELF, GRACE)) {
      replicas.readCatalogWith(name -> Optional.of(table));
      replicas.start(first, id -> { });
      replicas.tableCreated(table);
      replicas.whenPresent(table).get(30, TimeUnit.SECONDS);
      assertThat(first.getDivision(groupId).getRaftConf().getAllPeers()).hasSize(3);
    }

    try (RaftServer second = server(port); LocalReplicas replicas = new LocalReplicas(SELF, GRACE)) {
      assertThat(second.getDivision(groupId).getRaftConf().getAllPeers())
          .as("what Ratis alone recovers").isEmpty();
      replicas.readCatalogWith(name -> Optional.of(table));
      replicas.start(second, id -> { });

      replicas.catalogLoaded(List.of(table));

      replicas.whenPresent(table).get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(second.getDivision(groupId).getRaftConf().getAllPeers())
              .extracting(p -> p.getId().toString())
              .containsExactlyInAnyOrder("winter-0", "winter-1", "winter-2"));
    }
  }

  private RaftServer server(int port) throws Exception {
    return startServer(SELF, dir, port);
  }

  /** A real Ratis server keeping its groups under {@code dir/raft}, with plain state machines. */
  static RaftServer startServer(RaftPeerId self, Path dir, int port) throws Exception {
    RaftServer server = RaftServer.newBuilder()
        .setServerId(self)
        .setProperties(RaftSettings.server(dir.resolve("raft").toFile(), "127.0.0.1", port,
            1000, 1 << 20, false))
        .setStateMachineRegistry(id -> new BaseStateMachine())
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    server.start();
    return server;
  }

  private static Peer peer(String id, int port) {
    return Peer.newBuilder().setId(id).setAddress("127.0.0.1:" + port).build();
  }
}
