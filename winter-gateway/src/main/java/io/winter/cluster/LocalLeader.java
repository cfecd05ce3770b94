package io.winter.cluster;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/**
 * Hands a table's read straight to this node's own replica when that replica leads the group,
 * instead of through a Ratis client and a gRPC round trip over loopback to the same process.
 * The server treats it like any client's linearizable read; only the transport is skipped. A
 * read of a group whose only voter is this replica is answered from its applied state,
 * without the read index round (see {@link #read}). A read the replica refuses for not leading
 * goes on through the Ratis client, which finds the leader.
 *
 * <p>Writes always go through the Ratis client: handed to the local leader, a write refused
 * when it stepped down had to go on through the client while later writes went to it again
 * once it led again (Ratis hands leadership back to the preferred member), and a connection's
 * writes to a table could then apply out of order (MiniClusterLocalLeaderTest).
 */
final class LocalLeader {
  /** -Dwinter.localLeader=false sends every read through a Ratis client (for measuring). */
  private final boolean enabled =
      Boolean.parseBoolean(System.getProperty("winter.localLeader", "true"));
  private final Supplier<RaftServer> server;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  /** Replies continue off Ratis' threads: the next read may be sent from the callback. */
  private final Executor replies = ForkJoinPool.commonPool();

  LocalLeader(Supplier<RaftServer> server) {
    this.server = server;
  }

  /** A linearizable read through the local leader, or through {@code elsewhere}. */
  CompletableFuture<RaftClientReply> read(RaftGroupId group, Message message,
                                          Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    RaftServer local = localServer();
    RaftServer.Division division = local == null ? null : leading(local, group);
    if (division == null) {
      return elsewhere.get();
    }
    if (soleVoter(division, local.getId())) {
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
    CompletableFuture<RaftClientReply> submitted =
        submitRead(local, group, message);
    if (submitted == null) {
      return elsewhere.get();
    }
    return submitted.handleAsync((reply, error) ->
            (error == null ? refusedAsNotLeader(reply) : refusedAsNotLeader(error))
                ? elsewhere.get()
                : error == null ? CompletableFuture.completedFuture(reply)
                : CompletableFuture.<RaftClientReply>failedFuture(error), replies)
        .thenCompose(Function.identity());
  }

  private RaftServer localServer() {
    return enabled ? server.get() : null;
  }

  private static boolean soleVoter(RaftServer.Division division, RaftPeerId self) {
    RaftConfiguration conf = division.getRaftConf();
    Collection<RaftPeer> voters = conf.getCurrentPeers();
    return conf.getPreviousPeers().isEmpty() && voters.size() == 1
        && voters.iterator().next().getId().equals(self);
  }

  /** The read submitted to the local replica, or null if it could not be. */
  private CompletableFuture<RaftClientReply> submitRead(RaftServer local, RaftGroupId group,
                                                        Message message) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(local.getId())
        .setGroupId(group)
        .setCallId(callIds.incrementAndGet())
        .setMessage(message)
        .setType(RaftClientRequest.readRequestType())
        .build();
    try {
      return local.submitClientRequestAsync(request);
    } catch (IOException e) {
      // the server is not running
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
