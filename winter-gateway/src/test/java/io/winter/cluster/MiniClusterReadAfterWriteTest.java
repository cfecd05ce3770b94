package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.winter.e2e.TextClient;
import io.winter.proto.Get;
import io.winter.proto.TableQuery;
import io.winter.statemachine.RatisMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read right after a write, through the table's leader and through another node, is answered
 * after the heartbeat round its read index needs, not after the leader's next regular heartbeat
 * (see {@link PromptHeartbeatAppender}). The cluster's election timeout is stretched so that the
 * regular heartbeats come at least 3 s apart, past a 2-s wait for the read: a read that lost its
 * heartbeat answers {@code error timed out} (or does not complete) instead of its value, and no
 * duration is asserted. (Not longer: a split first vote waits out one election timeout before
 * the next.)
 */
class MiniClusterReadAfterWriteTest {
  private static final int PAIRS = 60;
  private static final String REQUEST_TIMEOUT_MS = "2000";

  @TempDir Path tmp;

  @Test
  void aReadRightAfterAWriteDoesNotWaitForTheNextRegularHeartbeat() {
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3,
        Map.of("WINTER_REQUEST_TIMEOUT_MS", REQUEST_TIMEOUT_MS), "6s", "12s")) {
      assertThat(cluster.send(0, "CREATE raw")).isEqualTo("created");
      int leader = cluster.leaderOf("raw");
      try (TextClient writer = cluster.client(leader);
           TextClient atLeader = cluster.client(leader);
           TextClient elsewhere = cluster.client((leader + 1) % 3)) {
        for (int i = 0; i < PAIRS; i++) {
          TextClient reader = i % 2 == 0 ? atLeader : elsewhere;
          assertThat(writer.send("PUTNEW raw k" + i + " v" + i)).isEqualTo("ok");
          // before the fix about one read in five waited for the next regular heartbeat
          assertThat(reader.send("GET raw k" + i)).as("GET right after write %d", i)
              .isEqualTo("v" + i);
        }
      }
    }
  }

  /**
   * A follower answers a linearizable read once it has applied up to the leader's read index,
   * so it needs the leader's commit index. Its log writer is held here while a write commits
   * on the other two; the heartbeat the leader then sends it (the read index is granted) goes
   * out while the write's append to it is unanswered, and carries no commit index it can use.
   * Once its writer runs again it must hear the commit without waiting for the next regular
   * heartbeat (before the fix the read waited for it: seen in CI, a read timed out).
   */
  @Test
  void aFollowersReadWaitsNoLongerThanItsAppendOfTheWrite() throws Exception {
    SuspendedThreads.assumeSuspendable();
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3,
        Map.of("WINTER_REQUEST_TIMEOUT_MS", REQUEST_TIMEOUT_MS), "6s", "12s")) {
      assertThat(cluster.send(0, "CREATE raw")).isEqualTo("created");
      int leader = cluster.leaderOf("raw");
      int follower = (leader + 1) % 3;
      RaftGroupId group = RaftClients.groupId(cluster.table("raw"));
      try (TextClient writer = cluster.client(leader);
           RaftClient reads = readsAt(cluster, "raw", follower)) {
        assertThat(writer.send("PUTNEW raw k0 v0")).isEqualTo("ok");
        await("the follower applies the first write").atMost(Duration.ofSeconds(10))
            .until(() -> cluster.appliedIndex(follower, group)
                >= cluster.appliedIndex(leader, group));
        Thread logWriter = SuspendedThreads.suspendWhileIdle(
            MiniCluster.id(follower) + "@" + group + "-SegmentedRaftLogWorker",
            f -> f.getMethodName().equals("poll")); // its queue of writes
        CompletableFuture<RaftClientReply> read;
        try {
          assertThat(writer.send("PUTNEW raw k1 v1")).isEqualTo("ok");
          read = reads.async().sendReadOnly(get("k1"),
              RaftPeerId.valueOf(MiniCluster.id(follower)));
          // the follower cannot apply the write meanwhile, so the read waits; holding this long
          // lets the leader grant the read index and send its heartbeat while the append waits
          await("the read waits for the follower's log writer").during(Duration.ofMillis(500))
              .atMost(Duration.ofSeconds(2)).until(() -> !read.isDone());
        } finally {
          SuspendedThreads.resume(logWriter);
        }
        RaftClientReply reply = assertThat(read).as("the follower's read")
            .succeedsWithin(Duration.ofMillis(Long.parseLong(REQUEST_TIMEOUT_MS))).actual();
        assertThat(RatisMessages.tableQueryReply(reply.getMessage()).getValue().toStringUtf8())
            .isEqualTo("v1");
      }
    }
  }

  private static RaftClient readsAt(MiniCluster cluster, String table, int node) {
    RaftProperties properties = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties,
        TimeDuration.valueOf(30, TimeUnit.SECONDS));
    return RaftClient.newBuilder()
        .setRaftGroup(RaftClients.toGroup(cluster.table(table)))
        .setLeaderId(RaftPeerId.valueOf(MiniCluster.id(node)))
        .setProperties(properties)
        .build();
  }

  private static Message get(String key) {
    return RatisMessages.toMessage(TableQuery.newBuilder()
        .setGet(Get.newBuilder().setKey(ByteString.copyFromUtf8(key)))
        .build());
  }
}
