package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerRpc;
import org.apache.ratis.server.RaftServerRpcWithProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader's log appender whose thread stops (suspended here while it waits for work, standing in
 * for a thread stuck in Ratis) sends its follower nothing: the follower falls behind, and its
 * pre-votes are refused while the leader lives. {@link SilentAppenderWatch} restarts such an
 * appender once it has been silent for its limit (3 s here), on a new connection to the follower,
 * and the follower catches up.
 */
class MiniClusterSilentAppenderTest {
  private static final String SILENCE_PROPERTY = "winter.appenderSilence";

  @TempDir Path tmp;

  @Test
  void aLeadersSilentAppenderIsRestartedAndItsFollowerCatchesUp() throws Exception {
    SuspendedThreads.assumeSuspendable();
    String before = System.setProperty(SILENCE_PROPERTY, "PT3S");
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3, Map.of())) {
      assertThat(cluster.send(0, "CREATE quiet")).isEqualTo("created");
      int leader = cluster.leaderOf("quiet");
      int follower = (leader + 1) % 3;
      RaftGroupId group = RaftClients.groupId(cluster.table("quiet"));
      Object connection = connectionTo(cluster, leader, follower);
      Thread appender = SuspendedThreads.suspendWhileIdle(MiniCluster.id(leader) + "@" + group
          + "->" + MiniCluster.id(follower) + "-PromptHeartbeatAppender-LogAppenderDaemon",
          f -> f.getClassName().endsWith("AwaitForSignal"));
      try {
        try (TextClient client = cluster.client(leader)) {
          for (int k = 0; k < 20; k++) {
            assertThat(client.send("PUTNEW quiet k" + k + " v")).isEqualTo("ok");
          }
        }
        long committed = cluster.appliedIndex(leader, group);
        await("the follower applies what its leader applied").atMost(Duration.ofSeconds(20))
            .until(() -> cluster.appliedIndex(follower, group) >= committed);
        assertThat(cluster.leaderOf("quiet")).as("no other leader took over").isEqualTo(leader);
        assertThat(connectionTo(cluster, leader, follower))
            .as("the leader's connection to the follower was replaced").isNotSameAs(connection);
      } finally {
        SuspendedThreads.resume(appender);
      }
    } finally {
      if (before == null) {
        System.clearProperty(SILENCE_PROPERTY);
      } else {
        System.setProperty(SILENCE_PROPERTY, before);
      }
    }
  }

  /** The leader's Ratis proxy to the follower: its connection, shared by every group. */
  private static Object connectionTo(MiniCluster cluster, int leader, int follower)
      throws IOException {
    RaftServerRpc rpc = cluster.raftOf(leader).server().getServerRpc();
    return ((RaftServerRpcWithProxy<?, ?>) rpc).getProxies()
        .getProxy(RaftPeerId.valueOf(MiniCluster.id(follower)));
  }
}
