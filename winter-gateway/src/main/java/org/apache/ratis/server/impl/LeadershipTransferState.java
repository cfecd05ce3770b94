package org.apache.ratis.server.impl;

import org.apache.ratis.server.RaftServer;

/**
 * Tells whether a Ratis replica counts itself as handing its leadership over, which its public
 * API does not show: a leader in that state refuses every write. Ratis 3.3 leaves a leader in
 * that state for good when its attempt to hand over to a higher-priority follower fails at
 * once (a follower that is down), until some leader is elected in the group.
 */
public final class LeadershipTransferState {
  private LeadershipTransferState() {}

  /** Whether the replica is a leader of Ratis' own making that is handing leadership over. */
  public static boolean isHandingOver(RaftServer.Division division) {
    return division instanceof RaftServerImpl && ((RaftServerImpl) division).isSteppingDown();
  }
}
