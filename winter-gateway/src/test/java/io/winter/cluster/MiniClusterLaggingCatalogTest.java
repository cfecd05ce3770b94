package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.ratis.protocol.RaftGroupId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose copy of the catalog lags (here: closed) still holds its replica of a new table
 * once CREATE answers, so the table elects a leader after losing one. Ratis counts no vote
 * from an empty log once a group has commits: a replica added only when its node's catalog
 * caught up would leave the table leaderless.
 */
class MiniClusterLaggingCatalogTest {
  @TempDir Path tmp;

  @Test
  void aNewTableSurvivesItsLeaderWhileAReplicasNodeHasNotAppliedTheCreate() throws Exception {
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3, Map.of())) {
      // every catalog replica holds an entry first: Ratis elects no catalog leader otherwise
      assertThat(cluster.send(0, "CREATE warmup")).isEqualTo("created");
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.running().stream()
          .allMatch(i -> cluster.raftOf(i).catalog().localLookup("warmup").isPresent()));
      cluster.catalogLeaderRaft();
      int catalogLeader = cluster.catalogLeader().orElseThrow();
      int laggingIndex = (catalogLeader + 1) % 3;
      int creator = (catalogLeader + 2) % 3;
      RaftNode lagging = cluster.raftOf(laggingIndex);
      new LocalGroups(lagging.self().getId())
          .remove(lagging.server(), RaftNode.CATALOG_GROUP_ID, false);

      assertThat(cluster.send(creator, "CREATE late")).isEqualTo("created");
      RaftGroupId group = RaftClients.groupId(cluster.table("late"));
      assertThat(lagging.catalog().localLookup("late")).as("the lagging node's catalog").isEmpty();
      assertThat(lagging.server().getDivision(group).getRaftLog().getLastEntryTermIndex())
          .as("last entry of the lagging node's replica").isNotNull();
      assertThat(cluster.send(creator, "PUTNEW late k before")).isEqualTo("ok");

      int leader = cluster.leaderOf("late");
      int crashed = leader == laggingIndex ? creator : leader;
      int survivor = 3 - crashed - laggingIndex;
      cluster.crash(crashed);

      await("a write through the survivor").atMost(Duration.ofSeconds(30))
          .until(() -> cluster.send(survivor, "PUTNEW late k2 after"), r -> r.equals("ok"));
      assertThat(cluster.send(survivor, "GET late k")).isEqualTo("before");
    }
  }
}
