package io.winter.cluster;

import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a table group's leadership off a replica before the group lets that replica go. Ratis
 * closes a leader that commits a configuration without itself, from the very thread that close
 * then waits for: the replica stays half-closed for good, its removal never returns and its
 * node cannot shut down.
 */
final class LeavingLeader {
  private static final Logger LOG = LoggerFactory.getLogger(LeavingLeader.class);
  private static final long TRANSFER_TIMEOUT_MS = 10_000;

  private final RaftClients clients;
  private final ReplicaAudit audit;

  LeavingLeader(RaftClients clients, ReplicaAudit audit) {
    this.clients = clients;
    this.audit = audit;
  }

  /**
   * Makes a staying member the leader if the leaving one leads. The leaving member's priority
   * goes to the successor first when it had the higher one: in the catalog, so LeaderBalancer
   * does not hand leadership back to the leaving member, and in the group, because Ratis hands
   * leadership only to a member of the highest priority (groups created before 2026-12-07 still
   * carry Raft priorities; newer ones are all at 0, and the group's change is then no change).
   *
   * @param members the group's members now, the leaving one among them
   * @return the members with the priorities the group now has
   */
  List<Peer> handOff(TableEntry table, List<Peer> members, String leavingId)
      throws IOException {
    Optional<RaftPeerId> leader = audit.currentLeader(table);
    if (leader.isEmpty() || !leader.get().toString().equals(leavingId)) {
      return members;
    }
    Peer leaving = members.stream().filter(p -> p.getId().equals(leavingId)).findFirst()
        .orElseThrow();
    Peer successor = members.stream().filter(p -> !p.getId().equals(leavingId))
        .max(Comparator.comparingInt(Peer::getPriority))
        .orElseThrow(() -> new IOException("table " + table.getName() + ": no member stays"));
    RaftGroupId groupId = RaftClients.groupId(table);
    List<Peer> result = members;
    if (leaving.getPriority() > successor.getPriority()) {
      result = swapPriorities(members, leaving, successor);
      try (RaftClient client = clients.oneOff(group(groupId, members), leader.get())) {
        ReplicaMover.check(client.admin().setConfiguration(RaftClients.toPeers(result)),
            "table conf");
      }
    }
    try (RaftClient client = clients.oneOff(group(groupId, result), leader.get())) {
      ReplicaMover.check(client.admin().transferLeadership(
          RaftPeerId.valueOf(successor.getId()), TRANSFER_TIMEOUT_MS), "leadership transfer");
    }
    audit.leaderIs(groupId, RaftPeerId.valueOf(successor.getId()));
    LOG.info("table {}: leadership handed from {} to {} before {} leaves the group",
        table.getName(), leavingId, successor.getId(), leavingId);
    return result;
  }

  private static List<Peer> swapPriorities(List<Peer> members, Peer a, Peer b) {
    List<Peer> swapped = new ArrayList<>();
    for (Peer p : members) {
      if (p.getId().equals(a.getId())) {
        swapped.add(p.toBuilder().setPriority(b.getPriority()).build());
      } else if (p.getId().equals(b.getId())) {
        swapped.add(p.toBuilder().setPriority(a.getPriority()).build());
      } else {
        swapped.add(p);
      }
    }
    return swapped;
  }

  private static RaftGroup group(RaftGroupId groupId, List<Peer> members) {
    return RaftGroup.valueOf(groupId, RaftClients.toPeers(members));
  }
}
