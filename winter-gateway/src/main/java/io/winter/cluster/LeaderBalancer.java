package io.winter.cluster;

import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.impl.FollowerProgress;
import org.apache.ratis.server.impl.LeadershipTransferState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a table's leadership from a local leader to the table's preferred replica (the one the
 * catalog gives priority 1, see {@link Placement}) once that replica has caught up, so leaders
 * spread over the nodes and come back to a node after its restart.
 *
 * <p>Why Winter does this and not Ratis' priorities: a Ratis 3.3 candidate of lower priority
 * passes a vote round only once every higher-priority member answered or the round timed out,
 * so a preferred leader that stalls or is cut off (it never answers) made every election of its
 * groups wait out two rounds, 4.6-5.0 s from the stall to a new leader. Every member now has
 * the same Raft priority, and elections take the first candidate with a majority.
 */
final class LeaderBalancer {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderBalancer.class);
  /**
   * A leader keeps its leadership at least this long. A node shutting down hands its
   * leaderships away first (LeadershipHandoff) and is gone well within this time, so they are
   * not handed back to it; and a leadership that just moved settles before the next move.
   */
  static final Duration MIN_LEADERSHIP = Duration.ofSeconds(10);
  /** A transfer to a caught-up member takes one election; the leader refuses writes meanwhile. */
  private static final long TRANSFER_TIMEOUT_MS = 1_000;

  private final RaftPeerId self;

  LeaderBalancer(RaftPeerId self) {
    this.self = self;
  }

  /**
   * Starts a transfer of the group's leadership to the table's preferred replica when the local
   * replica has led for {@link #MIN_LEADERSHIP} and the preferred one is a caught-up member that
   * answers; returns whether it started one.
   */
  boolean balance(RaftServer server, TableEntry table, RaftServer.Division division,
                  RoleInfoProto role) {
    if (role.getRole() != RaftPeerRole.LEADER
        || role.getRoleElapsedTimeMs() < MIN_LEADERSHIP.toMillis()
        || LeadershipTransferState.isHandingOver(division)) {
      return false;
    }
    Optional<RaftPeerId> preferred = preferred(table);
    if (preferred.isEmpty() || preferred.get().equals(self)
        || division.getRaftConf().getPeer(preferred.get()) == null
        || !FollowerProgress.isCaughtUp(division, preferred.get(),
            LeadershipHandoff.ANSWERED_WITHIN_MS)) {
      return false;
    }
    RaftGroupId groupId = division.getMemberId().getGroupId();
    TransferLeadershipRequest request = new TransferLeadershipRequest(ClientId.randomId(), self,
        groupId, 0, preferred.get(), TRANSFER_TIMEOUT_MS);
    try {
      server.transferLeadershipAsync(request).whenComplete((reply, e) -> {
        if (e != null || !reply.isSuccess()) {
          LOG.debug("table {}: leadership not handed to {}: {}", table.getName(),
              preferred.get(), e != null ? e.toString() : reply.getException());
        } else {
          LOG.info("table {}: leadership handed to its preferred replica {}", table.getName(),
              preferred.get());
        }
      });
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("table {}: leadership transfer failed: {}", table.getName(), e.toString());
      return false;
    }
  }

  /** The table's preferred replica: the one of the highest priority above 0, if any. */
  static Optional<RaftPeerId> preferred(TableEntry table) {
    return table.getReplicasList().stream()
        .filter(p -> p.getPriority() > 0)
        .max(Comparator.comparingInt(Peer::getPriority))
        .map(p -> RaftPeerId.valueOf(p.getId()));
  }
}
