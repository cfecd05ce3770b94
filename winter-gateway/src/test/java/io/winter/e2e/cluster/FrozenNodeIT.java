package io.winter.e2e.cluster;

import static io.winter.e2e.cluster.ClusterChecks.awaitReply;
import static org.assertj.core.api.Assertions.assertThat;

import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node of three that stops answering without closing its sockets (SIGSTOP: to the others it
 * looks like a node in a long stall, or one whose network drops its packets). A CREATE through
 * another node answers "created" at the first try, within the request timeout, and the new
 * table serves writes and reads there; once the node runs again it serves that table too. Run
 * once per node, so that in one of the runs the frozen node leads the catalog.
 */
@ExtendWith(WinterLogsOnFailure.class)
class FrozenNodeIT {

  @TempDir static Path tmp;
  static ClusterHarness cluster;

  @BeforeAll
  static void startCluster() {
    cluster = ClusterHarness.startStatic(tmp, 3, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "node {0} frozen")
  @ValueSource(ints = {0, 1, 2})
  void createAnswersAtTheFirstTryWhileANodeIsFrozen(int victim) {
    WinterProcess frozen = cluster.node(victim);
    WinterProcess a = cluster.node((victim + 1) % 3);
    WinterProcess b = cluster.node((victim + 2) % 3);
    String table = "frozen" + victim;

    frozen.freeze();
    try {
      long t0 = System.nanoTime();
      String created = b.sendOnce("CREATE " + table);
      System.out.println("FrozenNodeIT: " + frozen.name() + " frozen, CREATE on " + b.name()
          + " replied " + created + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      assertThat(created).as("CREATE %s on %s while %s is frozen", table, b.name(),
          frozen.name()).isEqualTo("created");
      awaitReply(a, "PUTNEW " + table + " k v", "ok", Duration.ofSeconds(30));
      assertThat(b.sendOnce("GET " + table + " k")).isEqualTo("v");
    } finally {
      frozen.thaw();
    }
    awaitReply(frozen, "GET " + table + " k", "v", Duration.ofSeconds(30));
    awaitReply(frozen, "PUTNEW " + table + " k2 after-thaw", "ok", Duration.ofSeconds(30));
    assertThat(a.sendOnce("GET " + table + " k2")).isEqualTo("after-thaw");
  }
}
