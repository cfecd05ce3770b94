package io.winter.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart under load: each node in turn gets SIGTERM (it hands over the groups it
 * leads and exits 0), starts again, and must report ready and serve a write before the next
 * node goes. No acknowledged write is lost, and writes never stall for long.
 */
@ExtendWith(WinterLogsOnFailure.class)
class RollingRestartIT {

  static final String TABLE = "rolling";
  /** Graceful hand-over should keep gaps well below an election after a crash; generous bound. */
  static final Duration MAX_WRITE_GAP = Duration.ofSeconds(10);

  @TempDir Path tmp;
  ClusterHarness cluster;
  LoadWriters writers;

  @AfterEach
  void stop() {
    if (writers != null) {
      writers.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void noAcknowledgedWriteIsLostAcrossARollingRestart() {
    // Ratis at INFO: a failure here is about elections, catching up and snapshot installs
    cluster = ClusterHarness.startStatic(tmp, 3, Map.of("WINTER_RATIS_LOG_LEVEL", "INFO"));
    assertThat(cluster.node(0).sendOnce("CREATE " + TABLE)).isEqualTo("created");
    assertThat(cluster.node(1).sendOnce("CREATE quiet")).isEqualTo("created");
    assertThat(cluster.node(2).sendOnce("PUTNEW quiet before everything")).isEqualTo("ok");
    writers = new LoadWriters(cluster, TABLE, 4).start();
    awaitMoreAcked(100);
    long rollStart = System.nanoTime();

    for (int i = 0; i < cluster.size(); i++) {
      long t0 = System.nanoTime();
      cluster.terminate(i); // asserts exit status 0
      System.out.println("RollingRestartIT: " + cluster.node(i).name() + " exited 0 after "
          + (System.nanoTime() - t0) / 1_000_000 + " ms");
      awaitMoreAcked(50);
      cluster.restart(i);
      WinterProcess node = cluster.node(i);
      // as a StatefulSet's rolling update does: the next node goes only once this one is ready
      long r0 = System.nanoTime();
      node.awaitReadyz(Duration.ofSeconds(60));
      System.out.println("RollingRestartIT: " + node.name() + " ready "
          + (System.nanoTime() - r0) / 1_000_000 + " ms after answering PING");
      String key = "through-" + node.name();
      ClusterChecks.awaitReply(node, "PUTNEW " + TABLE + " " + key + " restarted " + node.name(), "ok",
          Duration.ofSeconds(60));
      ClusterChecks.awaitReply(node, "GET quiet before", "everything", Duration.ofSeconds(30));
      awaitMoreAcked(100);
    }

    Duration gap = writers.longestGap(rollStart, System.nanoTime());
    writers.stop();
    Map<String, String> acked = writers.acked();
    assertThat(writers.internalErrors()).as("error internal replies to the writers").isEmpty();
    System.out.println("RollingRestartIT: " + acked.size() + " acknowledged writes, longest gap "
        + gap.toMillis() + " ms; " + writers);
    for (WinterProcess p : cluster.nodes()) {
      ClusterChecks.assertHolds(p, TABLE, acked, Duration.ofSeconds(30));
      for (WinterProcess q : cluster.nodes()) {
        ClusterChecks.awaitReply(p, "GET " + TABLE + " through-" + q.name(), "restarted " + q.name(),
            Duration.ofSeconds(5));
      }
    }
    assertThat(gap).as("longest time without an acknowledged write during the rolling restart")
        .isLessThanOrEqualTo(MAX_WRITE_GAP);
  }

  private void awaitMoreAcked(int more) {
    int target = writers.ackedCount() + more;
    await("at least " + target + " acknowledged writes (" + writers + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> writers.ackedCount() >= target);
  }
}
