package io.winter.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.impl.FollowerProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a node stops, moves the leadership of every group it leads to another member, so
 * clients wait one leader hand-over instead of an election timeout.
 */
public final class LeadershipHandoff {
  private static final Logger LOG = LoggerFactory.getLogger(LeadershipHandoff.class);
  /**
   * A follower that has not answered its leader this recently is not handed a leadership, here
   * or by {@link LeaderBalancer} (heartbeats: 0.5 s).
   */
  static final long ANSWERED_WITHIN_MS = 1_000;

  private LeadershipHandoff() {}

  public static void handOverEverywhere(RaftNode node, Duration limit) {
    RaftServer server = node.server();
    List<CompletableFuture<?>> handoffs = new ArrayList<>();
    try {
      for (RaftGroupId id : server.getGroupIds()) {
        RaftServer.Division division = server.getDivision(id);
        if (division.getInfo().isLeader()
            && division.getRaftConf().getCurrentPeers().size() > 1) {
          handoffs.add(handOver(server, division, limit));
        }
      }
    } catch (IOException e) {
      LOG.warn("listing groups for the leadership hand-off failed", e);
    }
    if (handoffs.isEmpty()) {
      return;
    }
    LOG.info("handing off leadership of {} groups", handoffs.size());
    try {
      CompletableFuture.allOf(handoffs.toArray(CompletableFuture[]::new))
          .get(limit.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.info("leadership hand-off incomplete: {}", e.toString());
    }
  }

  /**
   * Transfers the leadership to the follower holding the most of the log: Ratis has it start
   * an election at once (after it caught up, if it lacked entries). Where Ratis refuses that
   * (a configuration change in progress, a group of Raft priorities) or no follower answers,
   * the leader only steps down, and the others elect a leader after their election timeout.
   */
  private static CompletableFuture<RaftClientReply> handOver(RaftServer server,
                                                             RaftServer.Division division,
                                                             Duration limit) {
    RaftPeerId target = FollowerProgress.mostCaughtUp(division, ANSWERED_WITHIN_MS).orElse(null);
    CompletableFuture<RaftClientReply> transfer = transfer(server, division, target, limit);
    if (target == null) {
      return transfer;
    }
    return transfer.handle((reply, e) -> e == null && reply.isSuccess()
            ? CompletableFuture.completedFuture(reply)
            : transfer(server, division, null, limit))
        .thenCompose(f -> f);
  }

  /** Asks the leader to hand its leadership to {@code target}, or to step down if null. */
  private static CompletableFuture<RaftClientReply> transfer(RaftServer server,
                                                             RaftServer.Division division,
                                                             RaftPeerId target, Duration limit) {
    RaftGroupId group = division.getMemberId().getGroupId();
    TransferLeadershipRequest request = new TransferLeadershipRequest(ClientId.randomId(),
        server.getId(), group, 0, target, limit.toMillis());
    try {
      return server.transferLeadershipAsync(request).whenComplete((reply, e) -> {
        if (e != null || !reply.isSuccess()) {
          LOG.debug("group {}: leadership hand-off to {} failed: {}", group,
              target == null ? "anyone" : target, e != null ? e.toString() : reply.getException());
        }
      });
    } catch (IOException | RuntimeException e) {
      LOG.debug("group {}: leadership hand-off failed: {}", group, e.toString());
      return CompletableFuture.failedFuture(e);
    }
  }
}
