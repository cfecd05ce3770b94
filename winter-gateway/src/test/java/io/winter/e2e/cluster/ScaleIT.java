package io.winter.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.dns.TestDnsServer;
import io.winter.e2e.TextClient;
import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import io.winter.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling in DNS mode. Up: winter-3 and winter-4 join a cluster of three by appearing in DNS;
 * they serve every table, and tables created afterwards get replicas on them. Down: they leave
 * DNS and die; after WINTER_DEAD_PEER_GRACE their replicas are re-created on the live nodes, so
 * that every table stays readable and writable, with nothing lost, even once one more of the
 * original nodes dies.
 */
@ExtendWith(WinterLogsOnFailure.class)
class ScaleIT {

  static final Duration GRACE = Duration.ofSeconds(4);
  static final Map<String, String> SETTINGS = Map.of(
      "WINTER_RECONCILE_INTERVAL", "2s",
      "WINTER_DEAD_PEER_GRACE", GRACE.toSeconds() + "s");
  static final Pattern UUID_NAME =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static final String CATALOG_GROUP =
      UUID.nameUUIDFromBytes("winter-catalog".getBytes(StandardCharsets.UTF_8)).toString();

  @TempDir Path tmp;
  TestDnsServer dns;
  ClusterHarness cluster;
  /** Every acknowledged write: table -> key -> value. */
  final Map<String, Map<String, String>> expected = new TreeMap<>();

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  void scaleFromThreeToFiveAndBackToThree() throws InterruptedException {
    dns = TestDnsServer.start();
    cluster = ClusterHarness.empty("DNS scaling");
    DnsNodes nodes = new DnsNodes(dns, tmp, cluster, SETTINGS);
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      nodes.publish(ordinal, nodes.prepare(ordinal));
    }
    cluster.startAll();
    cluster.awaitFormed();
    for (int t = 0; t < 3; t++) {
      createAndFill("before" + t, t % 3);
    }

    // 3 -> 5
    for (int ordinal = 3; ordinal < 5; ordinal++) {
      nodes.publish(ordinal, nodes.prepare(ordinal));
    }
    cluster.startAll();
    for (int i = 3; i < 5; i++) {
      for (Map.Entry<String, Map<String, String>> t : expected.entrySet()) {
        ClusterChecks.assertHolds(cluster.node(i), t.getKey(), t.getValue(), Duration.ofSeconds(60));
      }
    }
    for (int t = 0; t < 6; t++) {
      createAndFill("after" + t, t % 5);
    }
    for (WinterProcess p : cluster.nodes()) {
      assertAllHeld(p, Duration.ofSeconds(10));
    }
    // placement is not visible through the protocol; each replica of a group is a directory
    // named by the group's UUID under the node's data directory
    await("winter-3 or winter-4 holds a replica of a table (not the catalog)")
        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> !tableGroups(cluster.node(3)).isEmpty() || !tableGroups(cluster.node(4)).isEmpty());
    System.out.println("ScaleIT: table replicas on winter-3 " + tableGroups(cluster.node(3))
        + ", on winter-4 " + tableGroups(cluster.node(4)));

    // 5 -> 3, one node at a time as a StatefulSet scales down: winter-4, then winter-3 leaves
    // DNS and dies. (Both at once could leave a table with 2 of its 3 replicas dead: no Raft
    // majority is left to reconfigure it.) After the grace period the replicas of the dead node
    // are re-created on live nodes, so every table becomes writable again.
    List<WinterProcess> originals = List.of(cluster.node(0), cluster.node(1), cluster.node(2));
    for (int ordinal = 4; ordinal >= 3; ordinal--) {
      nodes.unpublish(ordinal);
      cluster.kill9(ordinal);
      long goneAt = System.nanoTime();
      for (String table : expected.keySet()) {
        awaitWritable(originals.get(table.hashCode() & 1), table, "after-losing-" + ordinal,
            Duration.ofSeconds(60));
      }
      System.out.println("ScaleIT: every table writable " + (System.nanoTime() - goneAt) / 1_000_000
          + " ms after winter-" + ordinal + " died");
      // let the catalog leader see the dead node past its grace and move its replicas: it
      // removes the node from the catalog only once no table lists it any more
      String gone = DnsNodes.id(ordinal);
      await(gone + " removed from the catalog on every original node")
          .atMost(GRACE.plusSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .until(() -> originals.stream().allMatch(p -> !catalogPeers(p).contains(gone)));
      System.out.println("ScaleIT: " + gone + " left the catalog "
          + (System.nanoTime() - goneAt) / 1_000_000 + " ms after it died");
    }
    for (WinterProcess p : originals) {
      assertAllHeld(p, Duration.ofSeconds(30));
    }

    // one more original dies: every table must still have a majority of live replicas
    int victim = cluster.random().nextInt(3);
    cluster.kill9(victim);
    List<WinterProcess> survivors = new ArrayList<>(originals);
    survivors.remove(cluster.node(victim));
    for (String table : expected.keySet()) {
      awaitWritable(survivors.get(0), table, "after-second-kill", Duration.ofSeconds(60));
    }
    for (WinterProcess p : survivors) {
      assertAllHeld(p, Duration.ofSeconds(30));
      try (TextClient c = p.client()) {
        assertThat(c.send("TABLES")).as("TABLES on %s", p.name())
            .isEqualTo(expected.keySet().stream().sorted().collect(Collectors.joining(" ")));
      }
    }
  }

  /**
   * CREATE via node {@code via}, then 30 keys written through every running node (each node's
   * share pipelined on one connection).
   */
  private void createAndFill(String table, int via) {
    // a first try may time out while the catalog settles after a scale step, and have
    // taken effect all the same
    ClusterChecks.awaitReplyIn(cluster.node(via), "CREATE " + table,
        Set.of("created", "already created"), Duration.ofSeconds(30));
    Map<String, String> values = expected.computeIfAbsent(table, t -> new LinkedHashMap<>());
    List<WinterProcess> alive = cluster.alive();
    for (int i = 0; i < alive.size(); i++) {
      WinterProcess w = alive.get(i);
      List<String> keys = new ArrayList<>();
      List<String> puts = new ArrayList<>();
      for (int k = i; k < 30; k += alive.size()) {
        keys.add("k" + k);
        puts.add("PUTNEW " + table + " k" + k + " v" + k + "-via-" + w.name());
      }
      List<String> replies;
      try (TextClient c = w.client()) {
        replies = c.pipeline(puts);
      }
      for (int j = 0; j < keys.size(); j++) {
        assertThat(replies.get(j)).as("PUTNEW %s %s via %s", table, keys.get(j), w.name())
            .isEqualTo("ok");
        String k = keys.get(j);
        values.put(k, "v" + k.substring(1) + "-via-" + w.name());
      }
    }
    if (!expected.containsKey("harness_probe")) {
      expected.put("harness_probe", new LinkedHashMap<>());
    }
  }

  /** PUTNEW of a new key succeeds (retried while the table's group recovers); records it. */
  private void awaitWritable(WinterProcess via, String table, String key, Duration atMost) {
    String value = key + "-of-" + table;
    ClusterChecks.awaitReply(via, "PUTNEW " + table + " " + key + " " + value, "ok", atMost);
    expected.get(table).put(key, value);
  }

  private void assertAllHeld(WinterProcess p, Duration settle) {
    for (Map.Entry<String, Map<String, String>> t : expected.entrySet()) {
      ClusterChecks.assertHolds(p, t.getKey(), t.getValue(), settle);
    }
  }

  /** The peers of the catalog group as {@code p} sees them, from its /debug/replicas page. */
  private static List<String> catalogPeers(WinterProcess p) {
    String page = Http.body(p.metricsPort(), "/debug/replicas");
    for (String line : page.split("\n")) {
      if (line.startsWith("catalog ")) {
        for (String part : line.split(" ")) {
          if (part.startsWith("peers=")) {
            return List.of(part.substring("peers=".length()).split(","));
          }
        }
      }
    }
    throw new AssertionError("no catalog line with peers on " + p.name() + ": " + page);
  }

  /** The UUID-named directories under the node's data directory, the catalog's excepted. */
  private static Set<String> tableGroups(WinterProcess p) {
    try (Stream<Path> files = Files.walk(p.dataDir(), 3)) {
      return files.filter(Files::isDirectory)
          .map(f -> f.getFileName().toString())
          .filter(n -> UUID_NAME.matcher(n).matches() && !n.equals(CATALOG_GROUP))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
