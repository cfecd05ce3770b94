package io.winter.metrics;

import io.winter.cluster.RaftClients;
import io.winter.cluster.RaftNode;
import io.winter.proto.TableEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

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
        leaderCommitIndex(d));
  }

  /**
   * The leader's commit index as this replica last heard it, or -1 before the leader's first
   * append this replica accepted: a restarted follower knows its leader (and refuses its
   * appends) for as long as it is behind a purged log, and knows nothing newer than its own log.
   */
  private static long leaderCommitIndex(RaftServer.Division d) {
    if (d.getInfo().isLeader()) {
      return d.getRaftLog().getLastCommittedIndex();
    }
    RaftPeerId leader = d.getInfo().getLeaderId();
    if (leader == null) {
      return -1;
    }
    ByteString leaderId = leader.toByteString();
    return d.getCommitInfos().stream()
        .filter(c -> c.getServer().getId().equals(leaderId))
        .mapToLong(CommitInfoProto::getCommitIndex)
        .findFirst().orElse(-1);
  }
}
