package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.e2e.TextClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that stops hands each table it leads to a follower, which leads at once: the next
 * write through another node is answered within the request timeout. The cluster's election
 * timeout (6-12 s) is stretched past its 2-s request timeout, so a leader that only stepped down
 * would leave the table without a leader until the others' election timeout, and the write
 * would answer {@code error timed out}; no duration is asserted.
 */
class MiniClusterStopHandoffTest {

  @TempDir Path tmp;

  @Test
  void aStoppedLeadersTableIsWritableAtOnceThroughTheOtherNodes() {
    try (MiniCluster cluster = MiniCluster.startStatic(tmp, 3,
        Map.of("WINTER_REQUEST_TIMEOUT_MS", "2000"), "6s", "12s")) {
      assertThat(cluster.send(0, "CREATE handed")).isEqualTo("created");
      int leader = cluster.leaderOf("handed");
      int other = (leader + 1) % 3;
      try (TextClient client = cluster.client(other)) {
        assertThat(client.send("PUTNEW handed before 1")).isEqualTo("ok");

        cluster.stop(leader);

        assertThat(client.send("PUTNEW handed after 2")).as("a write right after the stop")
            .isEqualTo("ok");
        assertThat(client.send("GET handed before")).isEqualTo("1");
      }
      assertThat(cluster.leaderOf("handed")).isNotEqualTo(leader);
    }
  }
}
