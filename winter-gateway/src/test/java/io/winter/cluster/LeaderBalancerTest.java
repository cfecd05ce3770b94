package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

class LeaderBalancerTest {

  private static Peer peer(String id, int priority) {
    return Peer.newBuilder().setId(id).setAddress(id + ":6061").setPriority(priority).build();
  }

  @Test
  void thePreferredReplicaIsTheOneTheCatalogGaveAPriority() {
    TableEntry table = TableEntry.newBuilder().setName("t")
        .addReplicas(peer("n1", 0)).addReplicas(peer("n2", 1)).addReplicas(peer("n3", 0))
        .build();

    assertThat(LeaderBalancer.preferred(table)).contains(RaftPeerId.valueOf("n2"));
  }

  @Test
  void aTableWithoutAPreferredReplicaIsLeftAlone() {
    TableEntry table = TableEntry.newBuilder().setName("t")
        .addReplicas(peer("n1", 0)).addReplicas(peer("n2", 0)).build();

    assertThat(LeaderBalancer.preferred(table)).isEmpty();
  }
}
