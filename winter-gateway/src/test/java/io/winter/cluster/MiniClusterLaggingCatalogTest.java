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
  private static final int LAGGING = 2;

  @TempDir Path tmp;

  @Test
  void aNewTableSurvivesItsLeaderWhileAReplicasNodeHasNotAppliedTheCreate() throws Exception {
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3, Map.of())) {
      RaftNode lagging = cluster.raftOf(LAGGING);
      LocalGroups groups = new LocalGroups(lagging.self().getId());
      groups.remove(lagging.server(), RaftNode.CATALOG_GROUP_ID, false);
      await("a catalog leader on the other nodes").atMost(MiniCluster.FORM_TIMEOUT)
          .until(() -> cluster.catalogLeader().filter(i -> i != LAGGING).isPresent());

      await().atMost(Duration.ofSeconds(20))
          .until(() -> cluster.send(0, "CREATE late"), r -> r.equals("created")
              || r.equals("already created"));
      RaftGroupId group = RaftClients.groupId(cluster.table("late"));
      assertThat(lagging.catalog().localLookup("late")).as("the lagging node's catalog").isEmpty();
      assertThat(lagging.server().getDivision(group).getRaftLog().getLastEntryTermIndex())
          .as("last entry of the lagging node's replica").isNotNull();
      assertThat(cluster.send(0, "PUTNEW late k before")).isEqualTo("ok");

      int leader = cluster.leaderOf("late");
      int crashed = leader == LAGGING ? 0 : leader;
      int survivor = 1 - crashed;
      cluster.crash(crashed);

      await("a write through the survivor").atMost(Duration.ofSeconds(30))
          .until(() -> cluster.send(survivor, "PUTNEW late k2 after"),
              r -> r.equals("ok"));
      assertThat(cluster.send(survivor, "GET late k")).isEqualTo("before");
    }
  }
}
