package io.winter.cluster;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/**
 * Hands a table's request straight to this node's own replica when that replica leads the
 * group, instead of through a Ratis client and a gRPC round trip over loopback to the same
 * process. The server treats it like any client request (a write commits on a majority before
 * its reply; a read is linearizable); only the transport is skipped.
 *
 * <p>A read of a group whose only voter is this replica is answered from its applied state,
 * without the read index round (see {@link #read}).
 *
 * <p>A request the replica refuses for not leading (any more) was not appended, or, if it was
 * and leadership was lost before its commit, carries a request id that the table applies at
 * most once: either way it goes on through the Ratis client, which finds the new leader.
 */
final class LocalLeader {
  /** -Dwinter.localLeader=false sends every request through a Ratis client (for measuring). */
  private final boolean enabled =
      Boolean.parseBoolean(System.getProperty("winter.localLeader", "true"));
  private final Supplier<RaftServer> server;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  /** Replies continue off Ratis' threads: the next request may be sent from the callback. */
  private final Executor replies = ForkJoinPool.commonPool();

  /**
   * Per group, the turn of the last write handed over: a write goes to the Ratis client only
   * after every earlier write of its group has been answered here or handed to the client.
   */
  private final Map<RaftGroupId, CompletableFuture<Void>> writeTurns = new ConcurrentHashMap<>();
  private final long turnTimeoutMs;

  /** @param turnTimeoutMs how long a write may wait for an earlier one's turn (a safety net) */
  LocalLeader(Supplier<RaftServer> server, long turnTimeoutMs) {
    this.server = server;
    this.turnTimeoutMs = turnTimeoutMs;
  }

  /**
   * A write through the local leader, or through {@code elsewhere} if this node leads not. The
   * writes of a group keep the order they were handed over in, including when the leader steps
   * down with some of them in flight: those come back refused, and they and every later write
   * go to {@code elsewhere} in their original order.
   */
  CompletableFuture<RaftClientReply> write(RaftGroupId group, Message message,
                                           Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    CompletableFuture<Void> turn = new CompletableFuture<Void>()
        .completeOnTimeout(null, turnTimeoutMs, TimeUnit.MILLISECONDS);
    CompletableFuture<Void> previous = writeTurns.put(group, turn);
    CompletableFuture<Void> earlier = previous == null
        ? CompletableFuture.completedFuture(null) : previous;
    Supplier<CompletableFuture<RaftClientReply>> inTurn = () -> earlier.thenCompose(v -> {
      try {
        return elsewhere.get();
      } finally {
        turn.complete(null);
      }
    });
    CompletableFuture<RaftClientReply> submitted =
        submitLocally(group, message, RaftClientRequest.writeRequestType());
    if (submitted == null) {
      return inTurn.get();
    }
    return submitted.handleAsync((reply, error) -> {
      if (error == null && !refusedAsNotLeader(reply) || error != null
          && !refusedAsNotLeader(error)) {
        earlier.thenRun(() -> turn.complete(null));
        return error == null ? CompletableFuture.completedFuture(reply)
            : CompletableFuture.<RaftClientReply>failedFuture(error);
      }
      return inTurn.get();
    }, replies).thenCompose(Function.identity());
  }

  /** A linearizable read through the local leader, or through {@code elsewhere}. */
  CompletableFuture<RaftClientReply> read(RaftGroupId group, Message message,
                                          Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    RaftServer local = enabled ? server.get() : null;
    RaftServer.Division division = local == null ? null : leading(local, group);
    if (division != null && soleVoter(division, local.getId())) {
      // A group whose only voter is this leader: every write it acknowledged is applied (the
      // reply follows the apply), and no other replica can have committed what it lacks, so
      // its applied state is as new as any read must see. A read index would only wait for
      // entries no client has been told about.
      return division.getStateMachine().query(message).handleAsync((reply, error) -> {
        if (error != null) {
          throw error instanceof CompletionException c ? c : new CompletionException(error);
        }
        return RaftClientReply.newBuilder().setClientId(clientId).setServerId(local.getId())
            .setGroupId(group).setCallId(callIds.incrementAndGet()).setSuccess()
            .setMessage(reply).build();
      }, replies);
    }
    return submit(group, message, RaftClientRequest.readRequestType(), elsewhere);
  }

  private static boolean soleVoter(RaftServer.Division division, RaftPeerId self) {
    RaftConfiguration conf = division.getRaftConf();
    Collection<RaftPeer> voters = conf.getCurrentPeers();
    return conf.getPreviousPeers().isEmpty() && voters.size() == 1
        && voters.iterator().next().getId().equals(self);
  }

  private CompletableFuture<RaftClientReply> submit(
      RaftGroupId group, Message message, RaftClientRequest.Type type,
      Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    CompletableFuture<RaftClientReply> submitted = submitLocally(group, message, type);
    if (submitted == null) {
      return elsewhere.get();
    }
    return submitted.handleAsync((reply, error) -> error == null && !refusedAsNotLeader(reply)
            ? CompletableFuture.completedFuture(reply)
            : error == null || refusedAsNotLeader(error) ? elsewhere.get()
            : CompletableFuture.<RaftClientReply>failedFuture(error), replies)
        .thenCompose(Function.identity());
  }

  /** The request submitted to the local replica, or null if it does not lead the group. */
  private CompletableFuture<RaftClientReply> submitLocally(RaftGroupId group, Message message,
                                                           RaftClientRequest.Type type) {
    RaftServer local = enabled ? server.get() : null;
    if (local == null || leading(local, group) == null) {
      return null;
    }
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(local.getId())
        .setGroupId(group)
        .setCallId(callIds.incrementAndGet())
        .setMessage(message)
        .setType(type)
        .build();
    try {
      return local.submitClientRequestAsync(request);
    } catch (IOException e) {
      // thrown before the request was appended (server not running, transaction cancelled)
      return null;
    }
  }

  /** The local replica of the group if it leads it and may serve requests, else null. */
  private static RaftServer.Division leading(RaftServer local, RaftGroupId group) {
    try {
      RaftServer.Division division = local.getDivision(group);
      return division.getInfo().isLeaderReady() ? division : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean refusedAsNotLeader(RaftClientReply reply) {
    return !reply.isSuccess() && refusedAsNotLeader(reply.getException());
  }

  private static boolean refusedAsNotLeader(Throwable e) {
    return Causes.has(e, NotLeaderException.class)
        || Causes.has(e, LeaderNotReadyException.class)
        || Causes.has(e, LeaderSteppingDownException.class)
        || Causes.has(e, ReadIndexException.class);
  }
}
