package io.winter.cluster;

import io.winter.proto.CatalogCommand;
import io.winter.proto.Peer;
import io.winter.proto.SetReplicas;
import io.winter.proto.TableEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes where a table's replicas live, through Ratis setConfiguration of the table's group and
 * SetReplicas entries of the catalog, in an order that keeps a majority of caught-up members.
 */
final class ReplicaMover {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaMover.class);

  private final RaftNode node;
  private final RaftClients clients;
  private final RaftStore store;
  private final ReplicaAudit audit;
  private final LeavingLeader leavingLeader;

  ReplicaMover(RaftNode node, RaftClients clients, RaftStore store, ReplicaAudit audit) {
    this.node = node;
    this.clients = clients;
    this.store = store;
    this.audit = audit;
    this.leavingLeader = new LeavingLeader(clients, audit);
  }

  /**
   * Re-creates every replica of a node on the targets (the least loaded first), or, for a table
   * every target holds already, just drops that replica. Every table's group is asked for its
   * members, not only those the catalog says the node holds: a group may count the node while
   * the catalog, after an interrupted change, does not. A table that cannot change now (its
   * group lost its majority too) is left for a later call while the others move.
   *
   * @return whether no table's group has the node any more
   */
  boolean moveAllOff(String id, List<RaftPeer> targets, List<RaftPeer> members) {
    boolean stuck = false;
    for (TableEntry listed : node.catalog().localTables()) {
      TableEntry table;
      try {
        table = audit.aligned(listed);
      } catch (ReplicaAudit.NoLeaderException e) {
        if (hasReplica(listed, id)) {
          stuck = true;
          LOG.warn("table {}: cannot move its replica off {} now: {}", listed.getName(), id,
              e.getMessage());
        }
        continue;
      } catch (IOException | RuntimeException e) {
        stuck = true;
        LOG.warn("table {}: cannot read its group's members now: {}", listed.getName(),
            e.toString());
        continue;
      }
      if (!hasReplica(table, id)) {
        continue;
      }
      try {
        RaftPeer target = pendingTarget(table, id, members);
        if (target == null) {
          target = Placement.leastLoaded(targets, node.catalog().localTables(),
              ids(table.getReplicasList()), table.getName());
        }
        if (target == null) {
          shrink(table, id);
        } else {
          move(table, id, target);
        }
      } catch (IOException | RuntimeException e) {
        stuck = true;
        LOG.warn("table {}: cannot move its replica off {} now: {}", table.getName(), id,
            e.toString());
      }
    }
    return !stuck;
  }

  /**
   * The replica an interrupted move already added (the table lists more replicas than it
   * should), so a retried move finishes that one instead of adding yet another.
   */
  private static RaftPeer pendingTarget(TableEntry table, String fromId, List<RaftPeer> members) {
    if (table.getReplication() <= 0 || table.getReplicasCount() <= table.getReplication()) {
      return null;
    }
    Peer added = table.getReplicas(table.getReplicasCount() - 1);
    if (added.getId().equals(fromId)) {
      return null;
    }
    return members.stream().filter(m -> m.getId().toString().equals(added.getId())).findFirst()
        .orElse(null);
  }

  /**
   * Moves a table's replica: the new one joins the group and catches up before the old one
   * leaves, so the group never drops below a majority of caught-up members. The table must be
   * as its group has it ({@link ReplicaAudit#aligned}).
   */
  void move(TableEntry table, String fromId, RaftPeer to) throws IOException {
    try {
      moveAligned(table, fromId, to);
    } catch (IOException | RuntimeException e) {
      audit.suspect(table);
      throw e;
    }
  }

  private void moveAligned(TableEntry table, String fromId, RaftPeer to) throws IOException {
    Peer old = table.getReplicasList().stream().filter(p -> p.getId().equals(fromId))
        .findFirst().orElseThrow();
    List<Peer> grown = new ArrayList<>(table.getReplicasList());
    if (!hasReplica(table, to.getId().toString())) {
      // A newcomer of high Raft priority refuses the votes of members whose logs equal its
      // own, while a member still on the old configuration refuses it: with the leaving member
      // dead, no one could win an election (found by the chaos long run). It takes the
      // leaving member's priority only once that member has left (in the catalog; a group's
      // Raft priorities are all 0 since 2026-12-07, see RaftClients.toPeers).
      grown.add(Placement.toPeer(to, 0));
      setReplicas(table, grown);
    }
    setConfiguration(table, grown);
    List<Peer> shrunk = new ArrayList<>(leavingLeader.handOff(table, grown, fromId));
    shrunk.removeIf(p -> p.getId().equals(fromId));
    shrunk = inheritPriority(shrunk, old.getPriority(), to.getId().toString());
    setConfiguration(table, shrunk);
    setReplicas(table, shrunk);
    LOG.info("table {}: replica moved from {} to {}", table.getName(), fromId, to.getId());
  }

  /** The members with the newcomer given the leaving member's priority, if no one kept it. */
  static List<Peer> inheritPriority(List<Peer> members, int priority, String toId) {
    if (priority == 0 || members.stream().anyMatch(p -> p.getPriority() > 0)) {
      return members;
    }
    List<Peer> result = new ArrayList<>(members.size());
    for (Peer p : members) {
      result.add(p.getId().equals(toId) ? p.toBuilder().setPriority(priority).build() : p);
    }
    return result;
  }

  /** Drops a table's replica without a replacement (every live node holds one already). */
  void shrink(TableEntry table, String fromId) throws IOException {
    List<Peer> shrunk = new ArrayList<>(table.getReplicasList());
    shrunk.removeIf(p -> p.getId().equals(fromId));
    if (shrunk.isEmpty()) {
      return; // its only replica is gone: nothing to move it from; leave it for the operator
    }
    try {
      shrunk = new ArrayList<>(leavingLeader.handOff(table, table.getReplicasList(), fromId));
      shrunk.removeIf(p -> p.getId().equals(fromId));
      setConfiguration(table, shrunk);
      setReplicas(table, shrunk);
    } catch (IOException | RuntimeException e) {
      audit.suspect(table);
      throw e;
    }
    LOG.info("table {}: replica on {} dropped", table.getName(), fromId);
  }

  /**
   * Adds a replica on a node: the catalog lists it first (so the node creates its empty
   * replica), then the group takes it in and the leader catches it up. It joins with the
   * lowest priority: a newcomer of high priority can leave the group without a leader (see
   * moveAligned). Should the group step fail, the
   * audit later finds the catalog listing a replica the group lacks, and puts the catalog back.
   */
  void add(TableEntry table, RaftPeer to) throws IOException {
    List<Peer> grown = new ArrayList<>(table.getReplicasList());
    grown.add(Placement.toPeer(to, 0));
    try {
      setReplicas(table, grown);
      setConfiguration(table, grown);
    } catch (IOException | RuntimeException e) {
      audit.suspect(table);
      throw e;
    }
    LOG.info("table {}: replica added on {}", table.getName(), to.getId());
  }

  /**
   * Sets the members of a table's group through its leader. A failed change replaces the
   * table's client for the next attempt: the old one may be stuck on a peer that cannot answer.
   */
  private void setConfiguration(TableEntry table, List<Peer> replicas) throws IOException {
    // the old members and the new: the leader may be a member the change brings in
    Map<String, Peer> union = new LinkedHashMap<>();
    table.getReplicasList().forEach(p -> union.put(p.getId(), p));
    replicas.forEach(p -> union.putIfAbsent(p.getId(), p));
    RaftGroup group = RaftGroup.valueOf(RaftClients.groupId(table),
        RaftClients.toPeers(List.copyOf(union.values())));
    Optional<RaftPeerId> leader = audit.lastLeader(group.getGroupId())
        .filter(id -> group.getPeer(id) != null);
    try {
      if (leader.isPresent()) {
        // straight to the leader the audit found: a listed peer that lost its replica answers
        // a group mismatch, which a Ratis client does not retry elsewhere
        try (RaftClient client = clients.oneOff(group, leader.get())) {
          check(client.admin().setConfiguration(RaftClients.toPeers(replicas)), "table conf");
        }
        return;
      }
      check(clients.tableUnordered(table).admin().setConfiguration(RaftClients.toPeers(replicas)),
          "table conf");
    } catch (IOException | RuntimeException e) {
      if (Causes.has(e, GroupMismatchException.class)) {
        clients.mismatched(RaftClients.groupId(table));
      } else {
        clients.forget(RaftClients.groupId(table));
      }
      throw e;
    }
  }

  private void setReplicas(TableEntry table, List<Peer> replicas) {
    setReplicas(store, table, replicas);
  }

  /** Records in the catalog which nodes hold the table's replicas. */
  static void setReplicas(RaftStore store, TableEntry table, List<Peer> replicas) {
    store.catalogCommand(CatalogCommand.newBuilder().setSetReplicas(SetReplicas.newBuilder()
        .setName(table.getName()).setGroupId(table.getGroupId()).addAllReplicas(replicas))
        .build()).join();
  }

  static boolean hasReplica(TableEntry table, String id) {
    return table.getReplicasList().stream().anyMatch(p -> p.getId().equals(id));
  }

  static Set<String> ids(List<?> peers) {
    Set<String> ids = new HashSet<>();
    for (Object p : peers) {
      ids.add(p instanceof RaftPeer r ? r.getId().toString() : ((Peer) p).getId());
    }
    return ids;
  }

  static void check(RaftClientReply reply, String what) throws IOException {
    if (!reply.isSuccess()) {
      throw new IOException(what + " failed: " + Optional.ofNullable(reply.getException())
          .map(Throwable::toString).orElse("no reason given"));
    }
  }
}
