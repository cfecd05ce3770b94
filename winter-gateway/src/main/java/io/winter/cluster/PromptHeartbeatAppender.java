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
 * one more. It is also watched by {@link SilentAppenderWatch}.
 */
final class PromptHeartbeatAppender extends GrpcLogAppender {
  /** The least call id a heartbeat must have to count for every read so far. */
  private final AtomicLong heartbeatFrom = new AtomicLong(Long.MIN_VALUE);
  /** The call id of the request last built (the appender's own thread). */
  private volatile long lastBuilt = Long.MIN_VALUE;
  private final long createdNanos = System.nanoTime();

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
    AppendEntriesRequestProto request = super.newAppendEntriesRequest(callId, heartbeat);
    if (request != null) {
      lastBuilt = callId;
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
