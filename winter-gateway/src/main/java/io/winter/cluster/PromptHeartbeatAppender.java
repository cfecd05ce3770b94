package io.winter.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.raftlog.RaftLogIOException;
import org.apache.ratis.util.LifeCycle;

/**
 * Ratis' gRPC log appender, except that the heartbeat a linearizable read waits for is sent at
 * once. A leader's read waits for a majority to answer a heartbeat sent after the read came, which
 * it tells by call id: it asks each appender for a heartbeat, then takes the appender's next call
 * id as the least one that counts. In Ratis 3.3 the appender's thread, woken by that request,
 * often builds and sends the heartbeat before the read has taken the call id (on two cores the
 * woken thread runs first), and a request built just before (the one telling followers of the
 * commit of a write just acknowledged) clears the request when it is sent. Either way no
 * heartbeat that counts follows until the next regular one, up to half an election timeout
 * (500 ms) later: measured, one read in five right after a write waited that long. Here taking
 * the call id asks for a heartbeat, and a send that does not reach the newest id taken asks for
 * one more.
 *
 * <p>A follower answers a linearizable read itself once it has applied up to the read index the
 * leader gave it, which needs the commit index from the leader. Ratis 3.3 sends it a heartbeat
 * for that, but a heartbeat built while appends to it are in flight carries no previous entry and
 * so no commit index it can use; nothing else followed until the next regular heartbeat (seen:
 * a read right after a write timed out). Here, once those appends are answered and the follower
 * is still behind the commit, it gets a heartbeat that tells it. It is also watched by
 * {@link SilentAppenderWatch}.
 */
final class PromptHeartbeatAppender extends GrpcLogAppender {
  /** The least call id a heartbeat must have to count for every read so far. */
  private final AtomicLong heartbeatFrom = new AtomicLong(Long.MIN_VALUE);
  /** The call id of the request last built (the appender's own thread). */
  private volatile long lastBuilt = Long.MIN_VALUE;
  private final long createdNanos = System.nanoTime();
  /**
   * A heartbeat went out while appends were in flight: Ratis then sends no previous entry, and
   * so no commit index the follower can use. Sent once they are answered.
   */
  private volatile boolean commitOwed;

  PromptHeartbeatAppender(RaftServer.Division server, LeaderState leaderState,
                          FollowerInfo follower) {
    super(server, leaderState, follower);
  }

  @Override
  public void start() {
    super.start();
    SilentAppenderWatch.watch(this);
  }

  @Override
  public CompletableFuture<LifeCycle.State> stopAsync() {
    SilentAppenderWatch.unwatch(this);
    return super.stopAsync();
  }

  /** True if it has existed for longer than {@code silence} and sent nothing in that time. */
  boolean silentFor(Duration silence) {
    return System.nanoTime() - createdNanos > silence.toNanos()
        && getFollower().getLastRpcSendTime().elapsedTimeMs() > silence.toMillis();
  }

  /** The least call id of a heartbeat that counts for a read: one with it goes out soon. */
  @Override
  public long getCallId() {
    long next = super.getCallId();
    heartbeatFrom.accumulateAndGet(next, Math::max);
    super.triggerHeartbeat();
    return next;
  }

  @Override
  public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat)
      throws RaftLogIOException {
    boolean dataInFlight = hasPendingDataRequests();
    AppendEntriesRequestProto request = super.newAppendEntriesRequest(callId, heartbeat);
    if (request == null && commitOwed && !dataInFlight
        && getRaftLog().getLastCommittedIndex() > getFollower().getCommitIndex()) {
      request = super.newAppendEntriesRequest(callId, true);
    }
    if (request != null) {
      lastBuilt = callId;
      if (request.getEntriesCount() == 0) {
        commitOwed = dataInFlight;
      }
    }
    return request;
  }

  @Override
  protected void resetHeartbeatTrigger() {
    super.resetHeartbeatTrigger();
    if (lastBuilt < heartbeatFrom.get()) {
      super.triggerHeartbeat(); // the request being sent was built before the newest read
    }
  }
}
