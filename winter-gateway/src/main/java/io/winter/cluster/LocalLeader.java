package io.winter.cluster;

import io.netty.util.internal.ThreadExecutorMap;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
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
 * process. The server treats it like any client's request (a write commits on a majority before
 * its reply, a read is linearizable); only the transport is skipped. A read of a group whose
 * only voter is this replica is answered from its applied state, without the read index round
 * (see {@link #read}). A request the replica refuses for not leading goes on through the Ratis
 * client, which finds the leader.
 *
 * <p>Writes keep the order they were handed over in (see {@link #write}).
 */
final class LocalLeader {
  /** -Dwinter.localLeader=false sends every request through a Ratis client (for measuring). */
  private final boolean enabled =
      Boolean.parseBoolean(System.getProperty("winter.localLeader", "true"));
  /** -Dwinter.localLeader.direct=false submits through the server's executor (measuring). */
  private final boolean direct =
      Boolean.parseBoolean(System.getProperty("winter.localLeader.direct", "true"));
  private final Supplier<RaftServer> server;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final Map<RaftGroupId, WriteOrder> writeOrders = new ConcurrentHashMap<>();
  private final long turnTimeoutMs;

  /** @param turnTimeoutMs how long a write may wait for an earlier one's turn (a safety net) */
  LocalLeader(Supplier<RaftServer> server, long turnTimeoutMs) {
    this.server = server;
    this.turnTimeoutMs = turnTimeoutMs;
  }

  /** A group's writes on their way: the turn of the last one, and how many take the client. */
  private static final class WriteOrder {
    /** Completes when the last write handed over was answered here or handed to the client. */
    CompletableFuture<Void> lastTurn = CompletableFuture.completedFuture(null);
    /** Writes sent, or refused here and due to be sent, through the client, not answered yet. */
    int onClientPath;
  }

  /**
   * A write through the local leader, or through {@code elsewhere}; the writes of a group keep
   * the order they were handed over in. Two rules keep it. A write goes to the local leader
   * only while no earlier write of its group is on its way through the client: leadership goes
   * back to the preferred member (LeaderBalancer), so this node may lead again while a write it
   * refused is still looking for the leader, and a later write must not overtake it. And a write
   * goes to the client only after every earlier one was answered here or handed to the client
   * (the chain of turns): writes refused when the leader steps down come back in any order.
   *
   * <p>A refusal is counted on the thread that completes it: Ratis fails a leader's pending
   * requests while it steps down, before this replica can win another election, so no later
   * write can find it leading again before the count holds the refused one.
   */
  CompletableFuture<RaftClientReply> write(RaftGroupId group, Message message,
                                           Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    WriteOrder order = writeOrders.computeIfAbsent(group, g -> new WriteOrder());
    Executor replies = continuation();
    RaftServer local = localServer();
    RaftServer.Division leader = local == null ? null : leading(local, group);
    boolean leads = leader != null;
    CompletableFuture<Void> turn = new CompletableFuture<>();
    CompletableFuture<Void> earlier;
    boolean viaLocal;
    // Only bookkeeping under the lock, never a call into Ratis: Ratis completes replies under
    // its own locks, and the callbacks that come back here take this one.
    synchronized (order) {
      earlier = order.lastTurn;
      order.lastTurn = turn;
      viaLocal = leads && order.onClientPath == 0;
      if (!viaLocal) {
        order.onClientPath++;
      }
    }
    CompletableFuture<RaftClientReply> submitted = viaLocal
        ? submit(local, leader, message, RaftClientRequest.writeRequestType()) : null;
    if (submitted == null) {
      if (viaLocal) {
        synchronized (order) {
          order.onClientPath++;
        }
      }
      return viaClient(order, earlier, turn, elsewhere);
    }
    CompletableFuture<RaftClientReply> answer = new CompletableFuture<>();
    submitted.whenComplete((reply, error) -> {
      boolean refused = error == null ? refusedAsNotLeader(reply) : refusedAsNotLeader(error);
      if (refused) {
        synchronized (order) {
          order.onClientPath++;
        }
      }
      replies.execute(() -> {
        if (refused) {
          viaClient(order, earlier, turn, elsewhere).whenComplete((r, e) -> complete(answer, r, e));
        } else {
          earlier.thenRun(() -> turn.complete(null));
          complete(answer, reply, error);
        }
      });
    });
    return answer;
  }

  /**
   * Where a reply continues off Ratis' threads (it may send the table's next request, which must
   * not happen under the locks Ratis completes replies under): the event loop that handed the
   * request over, which wakes to write its connections' replies anyway, else the common pool.
   */
  private static Executor continuation() {
    Executor loop = ThreadExecutorMap.currentExecutor();
    if (loop == null) {
      return ForkJoinPool.commonPool();
    }
    return task -> {
      try {
        loop.execute(task);
      } catch (RejectedExecutionException e) {
        // the gateway is shutting down: the reply still completes, for its drain to see
        ForkJoinPool.commonPool().execute(task);
      }
    };
  }

  /** Forgets a dropped table's group. */
  void forget(RaftGroupId group) {
    writeOrders.remove(group);
  }

  /** The groups this leader keeps a write order for. */
  Set<RaftGroupId> groups() {
    return Set.copyOf(writeOrders.keySet());
  }

  /**
   * Sends through the client once the earlier writes had their turn (or the turn timeout
   * passed: a safety net, each write is bounded by the request timeout anyway).
   */
  private CompletableFuture<RaftClientReply> viaClient(
      WriteOrder order, CompletableFuture<Void> earlier, CompletableFuture<Void> turn,
      Supplier<CompletableFuture<RaftClientReply>> elsewhere) {
    CompletableFuture<Void> wait = earlier.isDone() ? earlier
        : earlier.copy().completeOnTimeout(null, turnTimeoutMs, TimeUnit.MILLISECONDS);
    return wait.thenCompose(v -> {
      try {
        return elsewhere.get();
      } finally {
        turn.complete(null);
      }
    }).whenComplete((r, e) -> {
      synchronized (order) {
        order.onClientPath--;
      }
    });
  }

  private static <T> void complete(CompletableFuture<T> future, T value, Throwable error) {
    if (error != null) {
      future.completeExceptionally(error);
    } else {
      future.complete(value);
    }
  }

  /**
   * A linearizable read through the local leader, or through {@code elsewhere}, which is given
   * the leader this node's replica knows (null: no replica here, or it knows none).
   */
  CompletableFuture<RaftClientReply> read(
      RaftGroupId group, Message message,
      Function<RaftPeerId, CompletableFuture<RaftClientReply>> elsewhere) {
    RaftServer local = localServer();
    RaftServer.Division division = local == null ? null : replica(local, group);
    if (division == null || !division.getInfo().isLeaderReady()) {
      return elsewhere.apply(division == null ? null : division.getInfo().getLeaderId());
    }
    if (soleVoter(division, local.getId())) {
      // A group whose only voter is this leader: every write it acknowledged is applied (the
      // reply follows the apply), and no other replica can have committed what it lacks, so
      // its applied state is as new as any read must see. A read index would only wait for
      // entries no client has been told about.
      BiFunction<Message, Throwable, RaftClientReply> answer = (reply, error) -> {
        if (error != null) {
          throw error instanceof CompletionException c ? c : new CompletionException(error);
        }
        return RaftClientReply.newBuilder().setClientId(clientId).setServerId(local.getId())
            .setGroupId(group).setCallId(callIds.incrementAndGet()).setSuccess()
            .setMessage(reply).build();
      };
      // Answered on the calling thread when the state machine answered at once (its reads
      // do): a hop to another thread per read cost more than the read.
      CompletableFuture<Message> query = division.getStateMachine().query(message);
      return query.isDone() ? query.handle(answer) : query.handleAsync(answer, continuation());
    }
    CompletableFuture<RaftClientReply> submitted =
        submit(local, division, message, RaftClientRequest.readRequestType());
    if (submitted == null) {
      return elsewhere.apply(null);
    }
    return submitted.handleAsync((reply, error) ->
            (error == null ? refusedAsNotLeader(reply) : refusedAsNotLeader(error))
                ? elsewhere.apply(null)
                : error == null ? CompletableFuture.completedFuture(reply)
                : CompletableFuture.<RaftClientReply>failedFuture(error), continuation())
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

  /**
   * The request submitted to the local replica, or null if it could not be. It goes to the
   * group's division on the calling thread: the server's own entry point would hand it to the
   * division's client executor and block this thread until that thread had appended it, one
   * more wake-up per request for the same wait.
   */
  private CompletableFuture<RaftClientReply> submit(RaftServer local, RaftServer.Division division,
                                                    Message message, RaftClientRequest.Type type) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(local.getId())
        .setGroupId(division.getGroup().getGroupId())
        .setCallId(callIds.incrementAndGet())
        .setMessage(message)
        .setType(type)
        .build();
    try {
      if (direct && division instanceof RaftClientAsynchronousProtocol d) {
        return d.submitClientRequestAsync(request);
      }
      return local.submitClientRequestAsync(request);
    } catch (IOException e) {
      // the replica is not running: nothing was appended, the client may try elsewhere
      return null;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The local replica of the group if it leads it and may serve requests, else null. */
  private static RaftServer.Division leading(RaftServer local, RaftGroupId group) {
    RaftServer.Division division = replica(local, group);
    return division != null && division.getInfo().isLeaderReady() ? division : null;
  }

  private static RaftServer.Division replica(RaftServer local, RaftGroupId group) {
    try {
      return local.getDivision(group);
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
