package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link Placement}: where replicas and preferred leaders of tables go. */
class PlacementTest {

  private static List<RaftPeer> nodes(int n) {
    return IntStream.range(0, n).mapToObj(i -> RaftPeer.newBuilder()
        .setId(RaftPeerId.valueOf("n" + i)).setAddress("127.0.0.1:" + (7000 + i)).build())
        .toList();
  }

  /** A table whose first replica (priority 1) is the preferred leader. */
  private static TableEntry table(String name, String... replicaIds) {
    TableEntry.Builder t = TableEntry.newBuilder().setName(name)
        .setGroupId(ByteString.copyFrom(new byte[16]));
    for (int i = 0; i < replicaIds.length; i++) {
      t.addReplicas(Peer.newBuilder().setId(replicaIds[i]).setAddress("x:1")
          .setPriority(i == 0 ? 1 : 0));
    }
    return t.build();
  }

  private static List<String> ids(List<Peer> peers) {
    return peers.stream().map(Peer::getId).toList();
  }

  /**
   * Found by the chaos long run: a table created while one member had left DNS (not yet taken
   * out of the groups) and another had lost its data got two of its three replicas there, and
   * its group never elected a leader.
   */
  @Test
  void newTablesSkipMembersThatDnsDropsOrThatLostTheirData() {
    List<RaftPeer> members = nodes(5);
    var retired = io.winter.proto.NodeRecord.newBuilder().setId("n4").setIncarnation("old")
        .setState(io.winter.proto.NodeRecord.State.RETIRED).build();

    List<RaftPeer> eligible = Placement.eligible(members, Set.of("n0", "n1", "n2", "n4"),
        id -> id.equals("n4") ? java.util.Optional.of(retired) : java.util.Optional.empty());

    assertThat(eligible).extracting(p -> p.getId().toString())
        .containsExactly("n0", "n1", "n2");
    assertThat(Placement.eligible(members, Set.of(), id -> java.util.Optional.empty()))
        .as("discovery not heard from yet: every member").isEqualTo(members);
    assertThat(Placement.eligible(members, Set.of("n9"), id -> java.util.Optional.empty()))
        .as("none left: every member rather than none").isEqualTo(members);
  }

  @Test
  void replicasGoToTheNodesHoldingFewest() {
    // replica counts: n0=3, n1=1, n2=0, n3=2
    List<TableEntry> tables = List.of(table("a", "n0", "n1", "n3"), table("b", "n0", "n3"),
        table("c", "n0"));

    List<Peer> chosen = Placement.forNewTable("t", nodes(4), tables, 2);

    assertThat(ids(chosen)).containsExactlyInAnyOrder("n2", "n1");
  }

  @Test
  void theReplicaCountIsCappedByTheClusterSize() {
    List<Peer> chosen = Placement.forNewTable("t", nodes(3), List.of(), 5);

    assertThat(ids(chosen)).containsExactlyInAnyOrder("n0", "n1", "n2");
    assertThat(Placement.forNewTable("t", nodes(1), List.of(), 3)).hasSize(1);
  }

  @Test
  void peersCarryTheNodesAddresses() {
    List<Peer> chosen = Placement.forNewTable("t", nodes(3), List.of(), 3);

    assertThat(chosen).allSatisfy(p -> assertThat(p.getAddress())
        .isEqualTo("127.0.0.1:" + (7000 + Integer.parseInt(p.getId().substring(1)))));
  }

  @Test
  void exactlyTheFirstReplicaHasPriorityOne() {
    List<Peer> chosen = Placement.forNewTable("t", nodes(5), List.of(), 3);

    assertThat(chosen).hasSize(3);
    assertThat(chosen.get(0).getPriority()).isEqualTo(1);
    assertThat(chosen.subList(1, 3)).allSatisfy(p -> assertThat(p.getPriority()).isZero());
  }

  @Test
  void theFirstReplicaGoesToTheChosenNodeLeadingFewestTables() {
    // every node holds 2 replicas; n0 leads 2 tables, n2 leads 1, n1 leads none
    List<TableEntry> tables = List.of(table("a", "n0", "n1"), table("b", "n0", "n2"),
        table("c", "n2", "n1"));

    List<Peer> chosen = Placement.forNewTable("t", nodes(3), tables, 3);

    assertThat(chosen.get(0).getId()).isEqualTo("n1");
    assertThat(chosen.get(0).getPriority()).isEqualTo(1);
    assertThat(ids(chosen.subList(1, 3))).containsExactly("n2", "n0");
  }

  @Test
  void manyTablesSpreadReplicasAndLeadersEvenly() {
    List<RaftPeer> nodes = nodes(5);
    List<TableEntry> tables = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      List<Peer> chosen = Placement.forNewTable("table" + i, nodes, tables, 3);
      assertThat(ids(chosen)).doesNotHaveDuplicates().hasSize(3);
      tables.add(table("table" + i, ids(chosen).toArray(String[]::new)));
    }

    Map<String, Integer> replicas = Placement.replicaCounts(tables);
    assertThat(replicas).hasSize(5);
    assertThat(replicas.values()).allSatisfy(c -> assertThat(c).isBetween(16, 20));
    Map<String, Integer> leaders = new HashMap<>();
    tables.forEach(t -> leaders.merge(t.getReplicas(0).getId(), 1, Integer::sum));
    assertThat(leaders).hasSize(5);
    assertThat(leaders.values()).allSatisfy(c -> assertThat(c).isBetween(5, 7));
  }

  @Test
  void tiesBetweenEquallyLoadedNodesAreSpreadByTableName() {
    // with no load anywhere, which node takes a one-replica table depends on its name only
    Map<String, Integer> picked = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      List<Peer> chosen = Placement.forNewTable("table" + i, nodes(5), List.of(), 1);
      picked.merge(chosen.get(0).getId(), 1, Integer::sum);
      assertThat(Placement.forNewTable("table" + i, nodes(5), List.of(), 1))
          .as("the same name gets the same choice").isEqualTo(chosen);
    }

    assertThat(picked).hasSize(5);
    assertThat(picked.values()).allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(5));
  }

  @Test
  void leastLoadedSkipsExcludedNodes() {
    // replica counts: n0=2, n1=1, n2=0
    List<TableEntry> tables = List.of(table("a", "n0", "n1"), table("b", "n0"));

    assertThat(Placement.leastLoaded(nodes(3), tables, Set.of(), "t").getId().toString())
        .isEqualTo("n2");
    assertThat(Placement.leastLoaded(nodes(3), tables, Set.of("n2"), "t").getId().toString())
        .isEqualTo("n1");
    assertThat(Placement.leastLoaded(nodes(3), tables, Set.of("n1", "n2"), "t").getId()
        .toString()).isEqualTo("n0");
    assertThat(Placement.leastLoaded(nodes(3), tables, Set.of("n0", "n1", "n2"), "t")).isNull();
  }

  @Test
  void aTableBelowItsReplicationGetsAReplicaOnTheLeastLoadedLiveNodeWithout() {
    // n1 was lost and dropped from "a" and "b"; it is live again and holds nothing
    List<TableEntry> tables = List.of(replicated(table("a", "n0", "n2"), 3),
        replicated(table("b", "n2", "n0"), 3), replicated(table("c", "n0", "n1", "n2"), 3));

    Placement.Addition addition = Placement.missingReplica(nodes(3), tables).orElseThrow();

    assertThat(addition.table().getName()).isEqualTo("a");
    assertThat(addition.to().getId().toString()).isEqualTo("n1");
  }

  @Test
  void noReplicaIsMissingWhenTablesHaveTheirReplicationOrEveryLiveNodeHoldsThem() {
    List<TableEntry> full = List.of(replicated(table("a", "n0", "n1"), 2),
        replicated(table("b", "n0", "n1", "n2"), 3));
    // only two nodes live: "c" has min(3, 2) replicas already
    List<TableEntry> shrunk = List.of(replicated(table("c", "n0", "n1"), 3));
    // tables from before the replication field was set are left alone
    List<TableEntry> legacy = List.of(table("d", "n0"));

    assertThat(Placement.missingReplica(nodes(3), full)).isEmpty();
    assertThat(Placement.missingReplica(nodes(2), shrunk)).isEmpty();
    assertThat(Placement.missingReplica(nodes(3), legacy)).isEmpty();
  }

  @Test
  void rebalancingMovesAReplicaFromTheFullestToTheEmptiestNode() {
    // replica counts: n0=3, n1=1, n2=0
    List<TableEntry> tables = List.of(table("a", "n0", "n1"), table("b", "n0"),
        table("c", "n0"));

    Placement.Move move = Placement.rebalancing(nodes(3), tables).orElseThrow();

    assertThat(move.from()).isEqualTo("n0");
    assertThat(move.to().getId().toString()).isEqualTo("n2");
    assertThat(move.table().getName()).isEqualTo("a");
    assertThat(Placement.rebalancing(nodes(3), List.of(table("a", "n0"), table("b", "n1"))))
        .as("counts differ by less than two").isEmpty();
  }

  private static TableEntry replicated(TableEntry table, int replication) {
    return table.toBuilder().setReplication(replication).build();
  }
}
