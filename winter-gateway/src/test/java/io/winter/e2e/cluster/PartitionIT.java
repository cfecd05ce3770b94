package io.winter.e2e.cluster;

import static io.winter.e2e.cluster.ClusterChecks.awaitReply;
import static io.winter.e2e.cluster.ClusterChecks.isUnavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition: three nodes, each in its own network namespace on a private bridge; one
 * node is cut off from the two others (the test client still reaches every node). The majority
 * keeps serving; the cut-off node refuses the commands of a table replicated on all three with
 * {@code error unavailable} or {@code error timed out}, and never answers with stale data; once
 * healed, every node agrees again. Needs root (network namespaces).
 */
@ExtendWith(WinterLogsOnFailure.class)
class PartitionIT {

  static final Duration MINORITY_READ = Duration.ofSeconds(40);

  @TempDir static Path tmp;
  static NetNamespaces net;
  static ClusterHarness cluster;

  @BeforeAll
  static void start() {
    String why = NetNamespaces.whyUnsupported();
    Assumptions.assumeTrue(why == null, "needs root for network namespaces: " + why);
    net = NetNamespaces.create(new Random(new SecureRandom().nextLong()), 3);
    cluster = ClusterHarness.startStatic(tmp, net.ips(), net::runIn, Map.of());
  }

  @AfterAll
  static void stop() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (net != null) {
        net.close();
      }
    }
  }

  @Test
  void theMajorityServesTheMinorityRefusesAndAllAgreeAfterHealing() {
    int victim = cluster.random().nextInt(3);
    List<WinterProcess> majority = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (i != victim) {
        majority.add(cluster.node(i));
      }
    }
    WinterProcess a = majority.get(0);
    WinterProcess b = majority.get(1);
    WinterProcess minority = cluster.node(victim);
    System.out.println("PartitionIT: isolating " + minority.name() + ", majority " + majority);

    assertThat(a.sendOnce("CREATE pt")).isEqualTo("created");
    assertThat(minority.sendOnce("PUTNEW pt k1 v1")).isEqualTo("ok");
    assertThat(b.sendOnce("PUTNEW pt untouched same")).isEqualTo("ok");
    for (WinterProcess p : cluster.nodes()) {
      assertThat(p.sendOnce("GET pt k1")).as("GET pt k1 on %s", p.name()).isEqualTo("v1");
    }

    net.isolate(victim);
    try {
      // the majority elects leaders where needed and goes on serving
      awaitReply(a, "DELETE pt k1", "ok", Duration.ofSeconds(30));
      awaitReply(b, "PUTNEW pt k1 v1-new", "ok", Duration.ofSeconds(30));
      assertThat(a.sendOnce("GET pt k1")).isEqualTo("v1-new");
      assertThat(b.sendOnce("PUTNEW pt k2 v2")).isEqualTo("ok");
      // a CREATE that timed out may still have taken effect: a retry then says already created
      List<String> creates = ClusterChecks.awaitReplyIn(b, "CREATE pt2", ClusterHarness.CREATE_OK,
          Duration.ofSeconds(30));
      System.out.println("PartitionIT: CREATE pt2 on the majority replied " + creates);
      long t0 = System.nanoTime();
      List<String> puts = ClusterChecks.awaitReplyIn(a, "PUTNEW pt2 k v", Set.of("ok"),
          Duration.ofSeconds(30));
      System.out.println("PartitionIT: first write to pt2 (created during the partition) took "
          + (System.nanoTime() - t0) / 1_000_000 + " ms, replies " + puts);
      assertThat(b.sendOnce("GET pt2 k")).isEqualTo("v");

      // the minority: never the old value, never nil for a key the majority wrote
      try (TextClient c = minority.client()) {
        c.readTimeout(MINORITY_READ);
        String k1 = c.send("GET pt k1");
        assertThat(k1).as("GET pt k1 on the isolated %s (v1 is stale)", minority.name())
            .matches(ClusterChecks::isUnavailable, "error unavailable ... or error timed out ...");
        String k2 = c.send("GET pt k2");
        assertThat(k2).as("GET pt k2 on the isolated %s (nil is stale)", minority.name())
            .matches(ClusterChecks::isUnavailable, "error unavailable ... or error timed out ...");
        String untouched = c.send("GET pt untouched");
        assertThat(untouched).as("GET pt untouched on the isolated %s", minority.name())
            .matches(ClusterChecks::isUnavailable, "error unavailable ... or error timed out ...");
        String put = c.send("PUTNEW pt k3 from-minority");
        assertThat(put).as("PUTNEW on the isolated %s", minority.name())
            .matches(ClusterChecks::isUnavailable, "error unavailable ... or error timed out ...");
        assertThat(c.send("PING")).isEqualTo("pong");
      }
      // a table created by the majority during the partition: the isolated node cannot know it,
      // and "missing table" would be a stale answer
      String pt2 = ClusterHarness.tryOnce(minority, "GET pt2 k");
      assertThat(pt2).as("GET pt2 k on the isolated %s (pt2 exists)", minority.name())
          .matches(ClusterChecks::isUnavailable, "error unavailable ... or error timed out ...");
      // the majority was not held up by any of that
      assertThat(a.sendOnce("GET pt k2")).isEqualTo("v2");
    } finally {
      net.heal(victim);
    }

    for (WinterProcess p : cluster.nodes()) {
      awaitReply(p, "GET pt k1", "v1-new", Duration.ofSeconds(30));
      awaitReply(p, "GET pt k2", "v2", Duration.ofSeconds(10));
      awaitReply(p, "GET pt2 k", "v", Duration.ofSeconds(30));
      assertThat(p.sendOnce("GET pt untouched")).isEqualTo("same");
      // the write refused on the minority had an unknown outcome: either way, all agree on it
      assertThat(p.sendOnce("GET pt k3")).isIn("nil", "from-minority");
    }
    String k3 = a.sendOnce("GET pt k3");
    await("all nodes agree on TABLES and on pt k3").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          for (WinterProcess p : cluster.nodes()) {
            assertThat(p.sendOnce("TABLES")).as("TABLES on %s", p.name()).isEqualTo("harness_probe pt pt2");
            assertThat(p.sendOnce("GET pt k3")).as("GET pt k3 on %s", p.name()).isEqualTo(k3);
          }
        });
    // and the healed node serves writes again
    awaitReply(minority, "PUTNEW pt k4 after-heal", "ok", Duration.ofSeconds(30));
    for (WinterProcess p : cluster.nodes()) {
      assertThat(p.sendOnce("GET pt k4")).isEqualTo("after-heal");
    }
  }
}
