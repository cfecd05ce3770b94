package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.proto.Peer;
import java.time.Duration;
import java.util.List;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RaftClientsTest {
  private final RaftClients clients = new RaftClients(5000);
  private final RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), List.of(
      peer("n1", 1), peer("n2", 2), peer("n3", 3)));

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void aGroupsReadsGoOnAClientOfTheirOwnSoThatTheyNeverMoveTheWritesClient() {
    RaftClient writes = clients.get(group);
    RaftClient reads = clients.unordered(group);

    assertThat(reads).isNotSameAs(writes);
    assertThat(clients.get(group)).isSameAs(writes);
    assertThat(clients.unordered(group)).isSameAs(reads);
  }

  @Test
  void forgettingAGroupDropsBothOfItsClients() {
    RaftClient writes = clients.get(group);
    RaftClient reads = clients.unordered(group);

    clients.forget(group.getGroupId());

    assertThat(clients.get(group)).isNotSameAs(writes);
    assertThat(clients.unordered(group)).isNotSameAs(reads);
  }

  @Test
  void newMembersReplaceBothClientsEachOnItsFirstUse() {
    RaftClient writes = clients.get(group);
    RaftClient reads = clients.unordered(group);
    RaftGroup moved = RaftGroup.valueOf(group.getGroupId(), List.of(
        peer("n1", 1), peer("n2", 2), peer("n4", 4)));

    assertThat(clients.get(moved)).isNotSameAs(writes);
    assertThat(clients.unordered(moved)).isNotSameAs(reads).isNotSameAs(clients.get(moved));
  }

  @Test
  void theClientOfReadsMovesToTheLeaderThisNodesReplicaKnowsOnceItIsNoLongerNew() {
    RaftClient first = clients.reads(group, RaftPeerId.valueOf("n1"));
    RaftPeerId other = first.getLeaderId().equals(RaftPeerId.valueOf("n2"))
        ? RaftPeerId.valueOf("n3") : RaftPeerId.valueOf("n2");

    // a young client keeps its course: requests failing together must not rebuild it in turn
    assertThat(clients.reads(group, other)).isSameAs(first);
    assertThat(clients.reads(group, null)).isSameAs(first);
    assertThat(clients.reads(group, RaftPeerId.valueOf("n9"))).as("not a member").isSameAs(first);

    await().atMost(Duration.ofSeconds(10))
        .until(() -> clients.reads(group, other) != first);
    RaftClient moved = clients.unordered(group);
    assertThat(moved.getLeaderId()).isEqualTo(other);
    assertThat(clients.reads(group, other)).isSameAs(moved);
    assertThat(clients.get(group)).as("the client of writes").isNotSameAs(moved);
  }

  @Test
  void aGroupsRaftPeersHaveEqualPrioritiesWhateverTheCatalogPrefers() {
    Peer preferred = Peer.newBuilder().setId("n1").setAddress("n1:6061").setPriority(1).build();
    Peer other = Peer.newBuilder().setId("n2").setAddress("n2:6061").build();

    assertThat(RaftClients.toPeers(List.of(preferred, other)))
        .allSatisfy(p -> assertThat(p.getPriority()).isZero());
  }

  private static RaftPeer peer(String id, int port) {
    return RaftPeer.newBuilder().setId(RaftPeerId.valueOf(id))
        .setAddress("127.0.0.1:" + (1 + port)).build();
  }
}
