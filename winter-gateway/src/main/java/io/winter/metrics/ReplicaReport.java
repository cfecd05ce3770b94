package io.winter.metrics;

import io.winter.cluster.RaftClients;
import io.winter.cluster.RaftNode;
import io.winter.cluster.Roles;
import io.winter.proto.TableEntry;
import io.winter.statemachine.TableStateMachine;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.FollowerInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * The debug page {@code /debug/replicas}: one line per Raft group this node holds, with its role,
 * term, leader, applied index and (for tables) the state digest at that index, so replicas of one
 * table can be compared across nodes.
 */
final class ReplicaReport {
  private final Supplier<RaftNode> raft;

  ReplicaReport(Supplier<RaftNode> raft) {
    this.raft = raft;
  }

  /** The page's text; a node not yet in a cluster reports no groups. */
  String render() {
    RaftNode node = raft.get();
    if (node == null) {
      return "";
    }
    Set<RaftGroupId> present;
    try {
      present = node.tableGroupIds();
    } catch (IOException e) {
      return "";
    }
    Map<RaftGroupId, String> names = new HashMap<>();
    for (TableEntry t : node.catalog().localTables()) {
      names.put(RaftClients.groupId(t), t.getName());
    }
    StringBuilder out = new StringBuilder();
    RaftServer.Division catalog = division(node, RaftNode.CATALOG_GROUP_ID);
    if (catalog != null) {
      out.append("catalog ").append(common(RaftNode.CATALOG_GROUP_ID, catalog))
          .append(" tables=").append(names.size()).append('\n');
    }
    Map<String, String> lines = new TreeMap<>();
    for (RaftGroupId id : present) {
      RaftServer.Division d = division(node, id);
      if (d == null || !(d.getStateMachine() instanceof TableStateMachine sm)) {
        continue;
      }
      TableStateMachine.StateDigest digest = sm.digest();
      String table = names.getOrDefault(id, "?");
      lines.put(table + " " + id, "table table=" + table + " " + common(id, d)
          + " applied=" + digest.appliedIndex()
          + " digest=" + String.format("%016x", digest.digest())
          + " keys=" + digest.keys() + " sealed=" + digest.sealed());
    }
    lines.values().forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  private static String common(RaftGroupId id, RaftServer.Division d) {
    RaftPeerId leader = d.getInfo().getLeaderId();
    return "group=" + id.getUuid() + " role=" + role(d)
        + " lifecycle=" + d.getInfo().getLifeCycleState()
        + " term=" + d.getInfo().getCurrentTerm()
        + " leader=" + (leader == null ? "-" : leader)
        + " peers=" + String.join(",", d.getGroup().getPeers().stream()
            .map(p -> p.getId().toString()).sorted().toList())
        + " commit=" + d.getRaftLog().getLastCommittedIndex()
        + (id.equals(RaftNode.CATALOG_GROUP_ID)
            ? " applied=" + d.getInfo().getLastAppliedIndex() : "")
        + followerDetail(d);
  }

  /**
   * How long since a follower last heard from a leader or candidate, and how many appends it
   * is still writing (Ratis does not start an election while an append is unfinished), to tell
   * a follower that cannot campaign from one that campaigns and loses.
   */
  private static String followerDetail(RaftServer.Division d) {
    Optional<RoleInfoProto> role = Roles.of(d);
    if (role.isEmpty()) {
      return " role=unknown";
    }
    RoleInfoProto info = role.get();
    if (!info.hasFollowerInfo()) {
      return "";
    }
    FollowerInfoProto f = info.getFollowerInfo();
    return " heardMsAgo=" + f.getLeaderInfo().getLastRpcElapsedTimeMs()
        + " appendsUnfinished=" + f.getOutstandingOp();
  }

  /**
   * A division still waiting for its first leader has no role yet, and one Ratis shut down (a
   * candidate outside its own configuration) stays listed, closed, until it is removed.
   */
  private static String role(RaftServer.Division d) {
    if (!d.getInfo().isAlive()) {
      return "closed";
    }
    RaftPeerRole role = d.getInfo().getCurrentRole();
    return role == null ? "initializing" : role.name().toLowerCase();
  }

  private static RaftServer.Division division(RaftNode node, RaftGroupId id) {
    try {
      return node.server().getDivision(id);
    } catch (IOException e) {
      return null;
    }
  }
}
