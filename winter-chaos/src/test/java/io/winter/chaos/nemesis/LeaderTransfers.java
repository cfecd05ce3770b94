package io.winter.chaos.nemesis;

import io.winter.chaos.cluster.ChaosNode;
import io.winter.chaos.cluster.ReplicaPages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Moves a group's leadership to another of its members through Ratis' admin API, as an operator
 * (or a rebalancer) would: the group's members come from the nodes' replica pages.
 */
final class LeaderTransfers {
  private LeaderTransfers() {}

  /**
   * Transfers the leadership of one group, chosen at random among those some node leads, to a
   * random other member. Returns what it did, or null when no group had a leader to move.
   */
  static String transferOne(List<ChaosNode> nodes, Random random) throws IOException {
    Map<String, ChaosNode> byId = nodes.stream()
        .collect(Collectors.toMap(ChaosNode::id, n -> n));
    List<ReplicaPages.Replica> leaders = new ArrayList<>();
    for (ChaosNode n : nodes) {
      if (n.isRunning() && !n.isPaused()) {
        ReplicaPages.of(n).stream().filter(ReplicaPages.Replica::isLeader).forEach(leaders::add);
      }
    }
    if (leaders.isEmpty()) {
      return null;
    }
    ReplicaPages.Replica leader = leaders.get(random.nextInt(leaders.size()));
    List<RaftPeer> peers = new ArrayList<>();
    for (String id : leader.peers()) {
      ChaosNode n = byId.get(id);
      if (n != null) {
        peers.add(RaftPeer.newBuilder().setId(id).setAddress(n.host() + ":" + n.raftPort())
            .build());
      }
    }
    List<RaftPeer> others = peers.stream().filter(p -> !p.getId().toString()
        .equals(leader.node())).toList();
    if (others.isEmpty()) {
      return null;
    }
    RaftPeer target = others.get(random.nextInt(others.size()));
    RaftGroup group = RaftGroup.valueOf(
        RaftGroupId.valueOf(UUID.fromString(leader.group())), peers);
    String what = (leader.kind().equals("catalog") ? "catalog" : "table " + leader.table())
        + ": leadership " + leader.node() + " -> " + target.getId();
    try (RaftClient client = RaftClient.newBuilder().setRaftGroup(group)
        .setProperties(new RaftProperties())
        .setLeaderId(RaftPeerId.valueOf(leader.node())).build()) {
      RaftClientReply reply = client.admin().transferLeadership(target.getId(), 3000);
      return what + (reply.isSuccess() ? "" : " (refused: " + reply.getException() + ")");
    } catch (IOException e) {
      return what + " (failed: " + e.getMessage() + ")";
    }
  }
}
