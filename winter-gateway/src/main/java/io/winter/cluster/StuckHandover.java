package io.winter.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.impl.LeadershipTransferState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a local leader step down when Ratis has left it handing leadership over for long. A
 * leader hands leadership to a table's preferred replica (LeaderBalancer, a CREATE, or Ratis'
 * own yield to a member of higher Raft priority in groups created before 2026-12-07); when
 * that member is down, the attempt can fail at once and Ratis then keeps the leader refusing
 * every write until some leader is elected (LeadershipTransferState). A forced step-down is
 * such an election: a live member, or the same one, leads again with writes accepted.
 */
final class StuckHandover {
  private static final Logger LOG = LoggerFactory.getLogger(StuckHandover.class);
  /** A hand-over that works takes one RPC timeout (1 s). */
  static final Duration STEP_DOWN_AFTER = Duration.ofSeconds(10);
  private static final long STEP_DOWN_TIMEOUT_MS = 5_000;

  private final RaftPeerId self;
  private final ReplicaWatch watch = new ReplicaWatch(System::nanoTime, STEP_DOWN_AFTER);
  private final Map<RaftGroupId, Boolean> fine = new HashMap<>();

  StuckHandover(RaftPeerId self) {
    this.self = self;
  }

  /** Notes a live local replica; call for each, then {@link #act}. */
  void note(RaftGroupId groupId, RaftServer.Division division) {
    if (division.getInfo().isLeader()) {
      fine.put(groupId, !LeadershipTransferState.isHandingOver(division));
    }
  }

  /** Steps down the leaders stuck for {@link #STEP_DOWN_AFTER}; not thread-safe. */
  void act(RaftServer server, Map<RaftGroupId, String> names) {
    for (RaftGroupId groupId : watch.observe(fine)) {
      LOG.warn("table {}: the local leader of group {} has refused writes for {} s while"
          + " handing leadership to a member that does not take it; stepping down",
          names.get(groupId), groupId, STEP_DOWN_AFTER.toSeconds());
      stepDown(server, groupId);
    }
    fine.clear();
  }

  private void stepDown(RaftServer server, RaftGroupId groupId) {
    TransferLeadershipRequest request = new TransferLeadershipRequest(ClientId.randomId(), self,
        groupId, 0, null, STEP_DOWN_TIMEOUT_MS);
    try {
      server.transferLeadershipAsync(request).whenComplete((reply, e) -> {
        if (e != null || !reply.isSuccess()) {
          LOG.warn("group {}: stepping down failed: {}", groupId,
              e != null ? e.toString() : reply.getException());
        }
      });
    } catch (IOException e) {
      LOG.warn("group {}: stepping down failed: {}", groupId, e.toString());
    }
  }
}
