package io.winter.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import io.winter.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node of three whose disk is lost: kill -9, its data directory deleted, started again under
 * the same id. It must come back as a new member, not as the one it was: every acknowledged
 * key stays readable through every node throughout and is never read back missing or changed;
 * the node becomes ready, serves every table, and ends up holding a replica of each again, at
 * the same applied index and digest as the others, every table back at three replicas. Run once
 * for a node leading nothing and once for the leader of a table.
 */
@ExtendWith(WinterLogsOnFailure.class)
class WipedNodeIT {

  static final List<String> TABLES = List.of("lost0", "lost1", "lost2");
  static final Map<String, String> SETTINGS = Map.of("WINTER_RECONCILE_INTERVAL", "1s");

  @TempDir Path tmp;
  ClusterHarness cluster;
  LoadWriters writers;
  AckedReads reads;

  @AfterEach
  void stop() {
    if (reads != null) {
      reads.close();
    }
    if (writers != null) {
      writers.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "wipe {0}")
  @ValueSource(strings = {"a node leading nothing", "the leader of a table"})
  void aNodeWhoseDataIsLostRejoinsAsANewMemberAndNoAcknowledgedWriteIsLost(String which) {
    long started = System.nanoTime();
    cluster = ClusterHarness.startStatic(tmp, 3, SETTINGS);
    phase("cluster formed", started, "start");
    Map<String, String> acked = new LinkedHashMap<>();
    for (int t = 0; t < TABLES.size(); t++) {
      String table = TABLES.get(t);
      ClusterChecks.awaitReplyIn(cluster.node(t), "CREATE " + table, ClusterHarness.CREATE_OK,
          Duration.ofSeconds(60));
      WinterProcess via = cluster.node((t + 1) % 3);
      List<String> puts = new ArrayList<>();
      for (int k = 0; k < 100; k++) {
        puts.add("PUTNEW " + table + " k" + k + " v" + t + "." + k);
      }
      List<String> replies;
      try (TextClient c = via.client()) {
        c.readTimeout(Duration.ofSeconds(30));
        replies = c.pipeline(puts);
      }
      for (int k = 0; k < 100; k++) {
        String put = puts.get(k);
        String reply = replies.get(k);
        if (!reply.equals("ok")) {
          // a freshly formed cluster on a loaded machine may time out: PUTNEW is idempotent
          assertThat(ClusterChecks.isUnavailable(reply)).as("%s: %s", put, reply).isTrue();
          ClusterChecks.awaitReply(via, put, "ok", Duration.ofSeconds(60));
        }
        acked.put(table + " k" + k, "v" + t + "." + k);
      }
    }
    phase("tables created and filled", started, "start");
    writers = new LoadWriters(cluster, TABLES.get(0), 4).start();
    awaitMoreAcked(100);
    reads = new AckedReads(cluster, acked);

    int victim = pickVictim(which.startsWith("the leader"));
    WinterProcess node = cluster.node(victim);
    System.out.println("WipedNodeIT: wiping " + node.name() + " (" + which + ") "
        + (System.nanoTime() - started) / 1_000_000 + " ms after the start");
    cluster.kill9(victim);
    deleteRecursively(node.dataDir());
    cluster.restart(victim);
    long restarted = System.nanoTime();

    for (String table : TABLES) {
      ClusterChecks.awaitReply(node, "GET " + table + " k7", acked.get(table + " k7"),
          Duration.ofSeconds(120));
    }
    phase("serves every table", restarted, "restart");
    await(node.name() + " ready").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> get(node, "/readyz").statusCode() == 200);
    phase("ready", restarted, "restart");
    await("every table back at 3 replicas, " + node.name() + " holding one")
        .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(() -> {
          Map<String, Map<String, String>> states = replicaStates();
          for (String table : TABLES) {
            assertThat(states.get(table)).as("replicas of %s", table).hasSize(3)
                .containsKey(node.name());
          }
        });
    phase("holds a replica of every table", restarted, "restart");
    awaitMoreAcked(100);
    writers.stop();

    await("every replica of every table at the same applied index and digest")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(() -> {
          Map<String, Map<String, String>> states = replicaStates();
          for (String table : TABLES) {
            assertThat(Set.copyOf(states.get(table).values())).as("%s: %s", table,
                states.get(table)).hasSize(1);
          }
        });
    phase("replicas identical", restarted, "restart");
    reads.close();
    System.out.println("WipedNodeIT: " + reads.served() + " reads of acknowledged keys served; "
        + writers);
    assertThat(reads.wrong()).as("reads of acknowledged keys answered wrongly").isEmpty();
    assertThat(writers.internalErrors()).as("error internal replies to the writers").isEmpty();
    Map<String, String> load = writers.acked();
    for (WinterProcess p : cluster.nodes()) {
      ClusterChecks.assertHolds(p, TABLES.get(0), load, Duration.ofSeconds(30));
      for (String table : TABLES) {
        Map<String, String> keys = new LinkedHashMap<>();
        acked.forEach((k, v) -> {
          if (k.startsWith(table + " ")) {
            keys.put(k.substring(table.length() + 1), v);
          }
        });
        ClusterChecks.assertHolds(p, table, keys, Duration.ofSeconds(30));
      }
    }
    phase("every node holds every acknowledged write", restarted, "restart");
  }

  /** A node leading neither the catalog nor lost0, or the node leading lost0. */
  private int pickVictim(boolean tableLeader) {
    return await("a node to wipe").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> {
          for (int i = 0; i < cluster.size(); i++) {
            String page = get(cluster.node(i), "/debug/replicas").body();
            boolean leadsCatalog = ClusterChecks.leads(page, "catalog ");
            boolean leadsTable = ClusterChecks.leads(page, "table table=" + TABLES.get(0) + " ");
            if (tableLeader ? leadsTable : !leadsCatalog && !leadsTable) {
              return Optional.of(i);
            }
          }
          return Optional.<Integer>empty();
        }, Optional::isPresent).orElseThrow();
  }

  /** For each table, each node holding a replica and that replica's "applied/digest". */
  private Map<String, Map<String, String>> replicaStates() {
    Map<String, Map<String, String>> states = new HashMap<>();
    for (WinterProcess p : cluster.nodes()) {
      for (String line : get(p, "/debug/replicas").body().split("\n")) {
        if (line.startsWith("table ")) {
          states.computeIfAbsent(field(line, "table"), t -> new HashMap<>())
              .put(p.name(), field(line, "applied") + "/" + field(line, "digest"));
        }
      }
    }
    return states;
  }

  private static String field(String line, String name) {
    for (String part : line.split(" ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + line);
  }

  private static HttpResponse<String> get(WinterProcess p, String path) {
    try {
      return Http.get(p.metricsPort(), path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + dir, e);
    }
    assertThat(dir).doesNotExist();
  }

  /** Prints how long a phase took, for telling where the test spends its time. */
  private static void phase(String what, long since, String sinceWhat) {
    System.out.println("WipedNodeIT: " + what + " " + (System.nanoTime() - since) / 1_000_000
        + " ms after the " + sinceWhat);
  }

  private void awaitMoreAcked(int more) {
    int target = writers.ackedCount() + more;
    await("at least " + target + " acknowledged writes (" + writers + ")")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> writers.ackedCount() >= target);
  }
}
