package io.winter.e2e.cluster;

import static io.winter.e2e.E2e.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The cross-node checks that every formed cluster must pass, whatever formed it (static peers or
 * DNS discovery). Tables are named {@code prefix + ...} so that several callers can share one
 * cluster.
 */
final class CrossNodeChecks {

  private CrossNodeChecks() {}

  /** CREATE via node A, PUTNEW via B, GET via C, for every rotation of the nodes. */
  static void anyNodeServesAnyTable(ClusterHarness cluster, String prefix) {
    List<WinterProcess> nodes = cluster.alive();
    int n = nodes.size();
    for (int a = 0; a < n; a++) {
      String table = prefix + "_" + a;
      WinterProcess b = nodes.get((a + 1) % n);
      WinterProcess c = nodes.get((a + 2) % n);
      try (TextClient ca = nodes.get(a).client(); TextClient cb = b.client(); TextClient cc = c.client()) {
        expect(ca, "CREATE " + table, "created");
        expect(cb, "CREATE " + table, "already created");
        expect(cc, "GET " + table + " key", "nil");
        expect(cb, "PUTNEW " + table + " key value written via " + b.name(), "ok");
        expect(cc, "GET " + table + " key", "value written via " + b.name());
        expect(ca, "GET " + table + " key", "value written via " + b.name());
        expect(cc, "PUTNEW " + table + " key overwritten?", "ok");
        expect(cb, "GET " + table + " key", "value written via " + b.name());
        expect(cc, "DELETE " + table + " key", "ok");
        expect(ca, "GET " + table + " key", "nil");
        expect(ca, "GET " + prefix + "_nosuchtable key", "missing table");
      }
    }
  }

  /** Tables with 1 and 2 replicas are served, through every node, like the others. */
  static void fewerReplicasThanNodes(ClusterHarness cluster, String prefix) {
    List<WinterProcess> nodes = cluster.alive();
    for (int replicas = 1; replicas < nodes.size(); replicas++) {
      for (int t = 0; t < nodes.size(); t++) {
        String table = prefix + "_r" + replicas + "_" + t;
        WinterProcess creator = nodes.get(t);
        assertThat(creator.sendOnce("CREATE " + table + " REPLICAS " + replicas))
            .as("CREATE %s REPLICAS %d via %s", table, replicas, creator.name()).isEqualTo("created");
        for (WinterProcess w : nodes) {
          assertThat(w.sendOnce("PUTNEW " + table + " from-" + w.name() + " v-" + w.name()))
              .as("PUTNEW into %s via %s", table, w.name()).isEqualTo("ok");
        }
        for (WinterProcess r : nodes) {
          try (TextClient c = r.client()) {
            for (WinterProcess w : nodes) {
              expect(c, "GET " + table + " from-" + w.name(), "v-" + w.name());
            }
          }
        }
      }
    }
  }

  /** TABLES gives the same sorted list on every node, at once after each CREATE and DROP. */
  static void sameTablesEverywhere(ClusterHarness cluster, String prefix) {
    List<WinterProcess> nodes = cluster.alive();
    for (int i = 0; i < 4; i++) {
      assertThat(nodes.get(i % nodes.size()).sendOnce("CREATE " + prefix + "_" + i)).isEqualTo("created");
      assertSameTables(nodes, prefix + "_" + i, true);
    }
    assertThat(nodes.get(1 % nodes.size()).sendOnce("DROP " + prefix + "_2")).isEqualTo("dropped");
    assertSameTables(nodes, prefix + "_2", false);
  }

  private static void assertSameTables(List<WinterProcess> nodes, String table, boolean present) {
    List<String> replies = new ArrayList<>();
    for (WinterProcess p : nodes) {
      replies.add(p.sendOnce("TABLES"));
    }
    assertThat(replies).as("TABLES on %s", nodes).containsOnly(replies.get(0));
    List<String> names = List.of(replies.get(0).split(" "));
    assertThat(names).as("TABLES is sorted").isEqualTo(new ArrayList<>(new TreeSet<>(names)));
    if (present) {
      assertThat(names).contains(table);
    } else {
      assertThat(names).doesNotContain(table);
    }
  }

  /** One CREATE of the same name on every node at once: exactly one created. */
  static void createRace(ClusterHarness cluster, String prefix) throws Exception {
    List<WinterProcess> nodes = cluster.alive();
    int perNode = 3;
    for (int round = 0; round < 5; round++) {
      String table = prefix + "_" + round;
      List<TextClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < nodes.size() * perNode; i++) {
          clients.add(nodes.get(i % nodes.size()).client());
        }
        List<String> replies = ClusterChecks.together(clients.size(),
            i -> () -> clients.get(i).send("CREATE " + table));
        assertThat(replies).as("replies to concurrent CREATE %s via %s", table, nodes)
            .containsOnly("created", "already created")
            .filteredOn("created"::equals).hasSize(1);
        // every racer can use the table at once
        for (int i = 0; i < clients.size(); i++) {
          expect(clients.get(i), "PUTNEW " + table + " k" + i + " v" + i, "ok");
        }
        for (int i = 0; i < clients.size(); i++) {
          expect(clients.get((i + 1) % clients.size()), "GET " + table + " k" + i, "v" + i);
        }
      } finally {
        clients.forEach(TextClient::close);
      }
    }
  }

  /**
   * A write acknowledged through one node is seen by the very next GET through another: 20 rounds
   * for each rotation of the writing, deleting and rewriting nodes.
   */
  static void linearizableAcrossNodes(ClusterHarness cluster, String table) {
    List<WinterProcess> nodes = cluster.alive();
    int n = nodes.size();
    List<TextClient> clients = new ArrayList<>();
    try {
      for (WinterProcess p : nodes) {
        clients.add(p.client());
      }
      expect(clients.get(0), "CREATE " + table, "created");
      for (int i = 0; i < 20 * n; i++) {
        TextClient w = clients.get(i % n);
        expect(w, "PUTNEW " + table + " k" + i + " v" + i, "ok");
        for (int j = 1; j < n; j++) {
          expect(clients.get((i + j) % n), "GET " + table + " k" + i, "v" + i);
        }
        expect(clients.get((i + 1) % n), "DELETE " + table + " k" + i, "ok");
        for (int j = 0; j < n; j++) {
          if (j != (i + 1) % n) {
            expect(clients.get(j), "GET " + table + " k" + i, "nil");
          }
        }
        expect(clients.get((i + 2) % n), "PUTNEW " + table + " k" + i + " again" + i, "ok");
        expect(w, "GET " + table + " k" + i, "again" + i);
      }
    } finally {
      clients.forEach(TextClient::close);
    }
  }
}
