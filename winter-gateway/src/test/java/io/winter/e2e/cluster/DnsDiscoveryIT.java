package io.winter.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.dns.TestDnsServer;
import io.winter.e2e.TextClient;
import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS discovery (IS_DISTRIBUTED=true): three nodes winter-0..2 start in random order and appear
 * in DNS one at a time. Until all WINTER_BOOTSTRAP_EXPECT=3 founders are in DNS no cluster forms
 * and CREATE is refused with an error; then the cluster forms and passes the same cross-node
 * checks as a static one.
 */
@ExtendWith(WinterLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsDiscoveryIT {

  @TempDir static Path tmp;
  static TestDnsServer dns;
  static ClusterHarness cluster;

  @BeforeAll
  static void startDns() throws InterruptedException {
    dns = TestDnsServer.start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  @Order(1)
  void theClusterFormsOnlyOnceEveryFounderIsInDns() {
    cluster = ClusterHarness.empty("DNS discovery");
    DnsNodes nodes = new DnsNodes(dns, tmp, cluster, Map.of());
    List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
    Collections.shuffle(order, cluster.random());
    System.out.println("DnsDiscoveryIT: nodes start and appear in DNS in order " + order);
    for (int step = 0; step < order.size(); step++) {
      int ordinal = order.get(step);
      int index = nodes.prepare(ordinal);
      assertThat(index).isEqualTo(step);
      nodes.publish(ordinal, index);
      cluster.node(index).launch(true);
      if (step < order.size() - 1) {
        // fewer founders than expected in DNS: every started node refuses to create tables
        for (WinterProcess p : cluster.alive()) {
          try (TextClient c = p.client()) {
            c.readTimeout(Duration.ofSeconds(30));
            assertThat(c.send("PING")).isEqualTo("pong");
            String reply = c.send("CREATE early" + step);
            assertThat(reply).as("CREATE on %s with %d of 3 founders in DNS", p.name(), step + 1)
                .startsWith("error ");
            assertThat(c.send("GET early" + step + " k")).as("GET on %s before the cluster formed", p.name())
                .startsWith("error ");
          }
        }
      }
    }
    cluster.awaitFormed();
    for (WinterProcess p : cluster.nodes()) {
      assertThat(p.sendOnce("GET early0 k")).as("a refused CREATE made no table (on %s)", p.name())
          .isEqualTo("missing table");
    }
  }

  @Test
  @Order(2)
  void anyNodeServesAnyTable() {
    CrossNodeChecks.anyNodeServesAnyTable(cluster, "cross");
  }

  @Test
  @Order(3)
  void tablesWithFewerReplicasThanNodesAreServedByEveryNode() {
    CrossNodeChecks.fewerReplicasThanNodes(cluster, "few");
  }

  @Test
  @Order(4)
  void everyNodeListsTheSameTables() {
    CrossNodeChecks.sameTablesEverywhere(cluster, "listed");
  }

  @Test
  @Order(5)
  void concurrentCreateOfOneNameAcrossNodesHasExactlyOneWinner() throws Exception {
    CrossNodeChecks.createRace(cluster, "race");
  }

  @Test
  @Order(6)
  void writesAcknowledgedOnOneNodeAreVisibleOnTheOthersAtOnce() {
    CrossNodeChecks.linearizableAcrossNodes(cluster, "linear");
  }

  @Test
  @Order(7)
  void aRestartedNodeFindsItsClusterAgain() {
    assertThat(cluster.node(0).sendOnce("CREATE again")).isEqualTo("created");
    assertThat(cluster.node(1).sendOnce("PUTNEW again k before")).isEqualTo("ok");
    cluster.kill9(2);
    // node 2 may have led the table's group: the first tries may time out during the election
    ClusterChecks.awaitReply(cluster.node(0), "PUTNEW again k2 while-down", "ok",
        Duration.ofSeconds(30));
    cluster.restart(2);
    ClusterChecks.awaitReply(cluster.node(2), "GET again k2", "while-down", Duration.ofSeconds(60));
    assertThat(cluster.node(2).sendOnce("GET again k")).isEqualTo("before");
    assertThat(cluster.node(2).sendOnce("PUTNEW again k3 after")).isEqualTo("ok");
    assertThat(cluster.node(0).sendOnce("GET again k3")).isEqualTo("after");
  }
}
