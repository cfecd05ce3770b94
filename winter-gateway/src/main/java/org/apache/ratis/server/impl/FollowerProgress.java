package org.apache.ratis.server.impl;

import java.util.Comparator;
import java.util.Optional;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LogAppender;
import org.apache.ratis.server.protocol.TermIndex;

/**
 * How far a leader's follower has come, which Ratis' public API does not show per follower: a
 * leadership transfer to a follower that lacks entries makes the leader refuse writes until the
 * follower catches up or the transfer times out.
 */
public final class FollowerProgress {
  private FollowerProgress() {}

  /**
   * Whether the division leads its group and the follower holds every entry of the leader's log
   * and answered the leader within the given time.
   */
  public static boolean isCaughtUp(RaftServer.Division division, RaftPeerId follower,
                                   long answeredWithinMs) {
    if (!(division instanceof RaftServerImpl server)) {
      return false;
    }
    TermIndex last = server.getState().getLastEntry();
    if (last == null) {
      return false;
    }
    return server.getRole().getLeaderState()
        .flatMap(leader -> leader.getLogAppender(follower))
        .map(LogAppender::getFollower)
        .filter(f -> f.getMatchIndex() >= last.getIndex())
        .filter(f -> answeredWithin(f, answeredWithinMs))
        .isPresent();
  }

  /**
   * The follower of the division's current voters that holds the most of the leader's log and
   * answered the leader within the given time; empty when the division does not lead or no
   * follower answered.
   */
  public static Optional<RaftPeerId> mostCaughtUp(RaftServer.Division division,
                                                  long answeredWithinMs) {
    if (!(division instanceof RaftServerImpl server)) {
      return Optional.empty();
    }
    return server.getRole().getLeaderState().flatMap(leader ->
        division.getRaftConf().getCurrentPeers().stream()
            .map(RaftPeer::getId)
            .filter(id -> !id.equals(division.getId()))
            .flatMap(id -> leader.getLogAppender(id).stream())
            .map(LogAppender::getFollower)
            .filter(f -> answeredWithin(f, answeredWithinMs))
            .max(Comparator.comparingLong(FollowerInfo::getMatchIndex))
            .map(FollowerInfo::getId));
  }

  private static boolean answeredWithin(FollowerInfo follower, long ms) {
    return follower.getLastRpcResponseTime().elapsedTimeMs() <= ms;
  }
}
