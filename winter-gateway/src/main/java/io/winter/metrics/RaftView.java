package io.winter.metrics;

import io.winter.cluster.RaftClients;
import io.winter.cluster.RaftNode;
import io.winter.proto.TableEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;

/** The readiness view of a running node's Raft server (none before replication starts). */
final class RaftView implements Readiness.View {
  private final Supplier<RaftNode> raft;
  private final Supplier<String> waiting;

  RaftView(Supplier<RaftNode> raft, Supplier<String> waiting) {
    this.raft = raft;
    this.waiting = waiting;
  }

  @Override
  public String notJoined() {
    return waiting.get();
  }

  @Override
  public Readiness.Group catalog() {
    RaftNode node = raft.get();
    // A node the cluster has not added yet (or removed, its data lost) hosts no catalog.
    return node == null || !node.hasCatalog() ? null
        : group(node, RaftNode.CATALOG_GROUP_ID, "catalog");
  }

  @Override
  public List<Readiness.Group> tables() {
    RaftNode node = raft.get();
    List<Readiness.Group> groups = new ArrayList<>();
    if (node == null) {
      return groups;
    }
    List<RaftGroupId> present = new ArrayList<>();
    node.server().getGroupIds().forEach(present::add);
    for (TableEntry t : node.catalog().localTables()) {
      RaftGroupId id = RaftClients.groupId(t);
      if (present.contains(id)) {
        groups.add(group(node, id, t.getName()));
      }
    }
    return groups;
  }

  private static Readiness.Group group(RaftNode node, RaftGroupId id, String name) {
    RaftServer.Division d;
    try {
      d = node.server().getDivision(id);
    } catch (IOException e) {
      return new Readiness.Group(name, false, -1, -1);
    }
    boolean hasLeader = d.getInfo().isAlive() && d.getInfo().getLeaderId() != null;
    return new Readiness.Group(name, hasLeader, d.getInfo().getLastAppliedIndex(),
        d.getRaftLog().getLastCommittedIndex());
  }
}
