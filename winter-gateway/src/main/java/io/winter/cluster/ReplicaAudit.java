package io.winter.cluster;

import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog's list of a table's replicas true to the members its group really has. A
 * replica change is two steps (the group's configuration, the catalog's entry) and either may be
 * interrupted, or succeed with its reply lost; a move started from a stale list would ask the
 * group to take back members it already let go. The group is the truth: the catalog follows it.
 */
final class ReplicaAudit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaAudit.class);

  /** No leader of the group answered, so its members are unknown for now. */
  static final class NoLeaderException extends IOException {
    NoLeaderException(String table) {
      super("table " + table + ": no leader of its group answered");
    }
  }

  private final RaftNode node;
  private final RaftStore store;
  private final GroupMembersProbe probe = new GroupMembersProbe();
  private final Map<RaftGroupId, RaftPeerId> leaders = new ConcurrentHashMap<>();
  private final Map<RaftGroupId, Set<String>> unresponsive = new ConcurrentHashMap<>();
  /** Tables a replica change failed on: audited before the others. */
  private final Set<String> suspects = new LinkedHashSet<>();
  private int cursor;

  ReplicaAudit(RaftNode node, RaftStore store) {
    this.node = node;
    this.store = store;
  }

  /**
   * The table with the replicas its group's leader has; the catalog is corrected first when it
   * lists others.
   *
   * @throws NoLeaderException when no leader answered
   * @throws IOException when a membership change is under way, or the correction failed
   */
  TableEntry aligned(TableEntry table) throws IOException {
    GroupMembersProbe.LeaderView view = probe.leader(RaftClients.groupId(table), hosts(table))
        .orElseThrow(() -> new NoLeaderException(table.getName()));
    leaders.put(RaftClients.groupId(table), RaftPeerId.valueOf(view.leaderId()));
    unresponsive.put(RaftClients.groupId(table), view.unresponsive());
    if (view.changing()) {
      throw new IOException("table " + table.getName() + ": a membership change is under way");
    }
    if (ReplicaMover.ids(view.members()).equals(ReplicaMover.ids(table.getReplicasList()))) {
      return table;
    }
    List<Peer> actual = withCatalogPriorities(table, view.members());
    LOG.warn("table {}: the catalog lists replicas {} but its group (leader {}, term {}) has {};"
            + " correcting the catalog", table.getName(), ReplicaMover.ids(table.getReplicasList()),
        view.leaderId(), view.term(), ReplicaMover.ids(view.members()));
    ReplicaMover.setReplicas(store, table, actual);
    return table.toBuilder().clearReplicas().addAllReplicas(actual).build();
  }

  /**
   * The members that had not answered the group's leader recently when the last alignment
   * asked it (empty if none, or if no alignment found a leader).
   */
  Set<String> unresponsive(RaftGroupId groupId) {
    return unresponsive.getOrDefault(groupId, Set.of());
  }

  /** The group's leader as the last alignment found it, if it found one. */
  Optional<RaftPeerId> lastLeader(RaftGroupId groupId) {
    return Optional.ofNullable(leaders.get(groupId));
  }

  /** The group's leader now, asked of every host that may have the group. */
  Optional<RaftPeerId> currentLeader(TableEntry table) {
    RaftGroupId groupId = RaftClients.groupId(table);
    Optional<RaftPeerId> leader = probe.leader(groupId, hosts(table))
        .map(view -> RaftPeerId.valueOf(view.leaderId()));
    leader.ifPresent(id -> leaders.put(groupId, id));
    return leader;
  }

  /** Records a leader the caller made (a leadership transfer it saw succeed). */
  void leaderIs(RaftGroupId groupId, RaftPeerId leader) {
    leaders.put(groupId, leader);
  }

  /** Marks a table whose replica change failed, so the next audit looks at it first. */
  void suspect(TableEntry table) {
    suspects.add(table.getName());
  }

  /**
   * Audits one table: a suspect first, else the next in turn.
   *
   * @return the table as its group has it, when the catalog needed a correction
   */
  Optional<TableEntry> auditOne() {
    List<TableEntry> tables = List.copyOf(node.catalog().localTables());
    if (tables.isEmpty()) {
      return Optional.empty();
    }
    TableEntry table = null;
    while (table == null && !suspects.isEmpty()) {
      String name = suspects.iterator().next();
      suspects.remove(name);
      table = node.catalog().localLookup(name).orElse(null);
    }
    if (table == null) {
      table = tables.get(Math.floorMod(cursor++, tables.size()));
    }
    try {
      TableEntry aligned = aligned(table);
      return aligned == table ? Optional.empty() : Optional.of(aligned);
    } catch (IOException | RuntimeException e) {
      LOG.debug("table {}: audit skipped: {}", table.getName(), e.toString());
      return Optional.empty();
    }
  }

  /** Every catalog member and every node the table lists: the group's leader is among them. */
  private List<RaftPeer> hosts(TableEntry table) {
    Map<String, RaftPeer> hosts = new LinkedHashMap<>();
    node.catalogPeers().forEach(p -> hosts.put(p.getId().toString(), p));
    RaftClients.toPeers(table.getReplicasList())
        .forEach(p -> hosts.putIfAbsent(p.getId().toString(), p));
    return List.copyOf(hosts.values());
  }

  /** The group's members, each with the priority the catalog gave it, if it lists it. */
  private static List<Peer> withCatalogPriorities(TableEntry table, List<RaftPeer> members) {
    List<Peer> peers = new ArrayList<>();
    for (RaftPeer m : members) {
      int priority = table.getReplicasList().stream()
          .filter(p -> p.getId().equals(m.getId().toString())).mapToInt(Peer::getPriority)
          .findFirst().orElse(m.getPriority());
      peers.add(Placement.toPeer(m, priority));
    }
    return peers;
  }

  @Override
  public void close() {
    probe.close();
  }
}
