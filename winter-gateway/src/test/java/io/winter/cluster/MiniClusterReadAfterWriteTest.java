package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.e2e.TextClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read right after a write, through the table's leader and through another node, is answered
 * after the heartbeat round its read index needs, not after the leader's next regular heartbeat
 * (half an election timeout, 500 ms): see {@link PromptHeartbeatAppender}. Not a speed test: a
 * read that lost its heartbeat waits about 500 ms, any other a few milliseconds, so the bound
 * below only tells the two apart.
 */
class MiniClusterReadAfterWriteTest {
  private static final int PAIRS = 60;
  private static final long LOST_HEARTBEAT_MS = 300;

  @TempDir Path tmp;

  @Test
  void aReadRightAfterAWriteDoesNotWaitForTheNextRegularHeartbeat() {
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3, Map.of())) {
      assertThat(cluster.send(0, "CREATE raw")).isEqualTo("created");
      int leader = cluster.leaderOf("raw");
      int other = (leader + 1) % 3;
      List<Long> slow = new ArrayList<>();
      try (TextClient writer = cluster.client(leader);
           TextClient atLeader = cluster.client(leader);
           TextClient elsewhere = cluster.client(other)) {
        for (int i = 0; i < PAIRS; i++) {
          TextClient reader = i % 2 == 0 ? atLeader : elsewhere;
          assertThat(writer.send("PUTNEW raw k" + i + " v" + i)).isEqualTo("ok");
          long start = System.nanoTime();
          assertThat(reader.send("GET raw k" + i)).isEqualTo("v" + i);
          long ms = (System.nanoTime() - start) / 1_000_000;
          if (ms >= LOST_HEARTBEAT_MS) {
            slow.add(ms);
          }
        }
      }
      // before the fix about one read in five waited 500 ms; a rare pause of the machine may
      // still stretch one or two
      assertThat(slow).as("reads of %d that took %d ms or more", PAIRS, LOST_HEARTBEAT_MS)
          .hasSizeLessThanOrEqualTo(2);
    }
  }
}
