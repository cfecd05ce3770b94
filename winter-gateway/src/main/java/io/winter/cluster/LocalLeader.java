package io.winter.cluster;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.server.RaftServer;

/**
 * Hands a table's request straight to this node's own replica when that replica leads the
 * group, instead of through a Ratis client and a gRPC round trip over loopback to the same
 * process. The server treats it like any client request (a write commits on a majority before
 * its reply; a read is linearizable); only the transport is skipped.
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

  LocalLeader(Supplier<RaftServer> server) {
    this.server = server;
  }

  /** A write through the local leader, or through {@code elsewhere} if this node leads not. */
  CompletableFuture<RaftClientReply> write(RaftGroupId group, Message message,
                                           Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    return submit(group, message, RaftClientRequest.writeRequestType(), elsewhere);
  }

  /** A linearizable read through the local leader, or through {@code elsewhere}. */
  CompletableFuture<RaftClientReply> read(RaftGroupId group, Message message,
                                          Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    return submit(group, message, RaftClientRequest.readRequestType(), elsewhere);
  }

  private CompletableFuture<RaftClientReply> submit(
      RaftGroupId group, Message message, RaftClientRequest.Type type,
      Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    RaftServer local = enabled ? server.get() : null;
    if (local == null || !leads(local, group)) {
      return elsewhere.get();
    }
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(local.getId())
        .setGroupId(group)
        .setCallId(callIds.incrementAndGet())
        .setMessage(message)
        .setType(type)
        .build();
    CompletableFuture<RaftClientReply> submitted;
    try {
      submitted = local.submitClientRequestAsync(request);
    } catch (IOException e) {
      // thrown before the request was appended (server not running, transaction cancelled)
      return elsewhere.get();
    }
    return submitted.handleAsync((reply, error) -> error == null && !refusedAsNotLeader(reply)
            ? CompletableFuture.completedFuture(reply)
            : error == null || refusedAsNotLeader(error) ? elsewhere.get()
            : CompletableFuture.<RaftClientReply>failedFuture(error), replies)
        .thenCompose(Function.identity());
  }

  private static boolean leads(RaftServer local, RaftGroupId group) {
    try {
      return local.getDivision(group).getInfo().isLeaderReady();
    } catch (IOException e) {
      return false;
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
