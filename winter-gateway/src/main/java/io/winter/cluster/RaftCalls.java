package io.winter.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;

/** How the store calls Raft groups: retries while a group is between leaders, and replies. */
final class RaftCalls {
  static final long RETRY_MS = 50;

  private RaftCalls() {}

  /** Runs op again while its group is between leaders, until the deadline (System.nanoTime). */
  static <T> CompletableFuture<T> duringElections(Supplier<CompletableFuture<T>> op,
                                                  long deadline) {
    return op.get().exceptionallyCompose(e -> isElectionUnderWay(e)
        && System.nanoTime() < deadline
        ? later(() -> duringElections(op, deadline))
        : CompletableFuture.failedFuture(Causes.unwrap(e)));
  }

  /**
   * A group between leaders, or a replica stopping or moving away: worth another try until
   * the deadline. Ratis' client retries some of these itself, not all: a write refused by a
   * leader handing its leadership over (LeaderSteppingDownException, refused before it reached
   * the log) comes back as the reply's exception.
   */
  static boolean isElectionUnderWay(Throwable e) {
    return Causes.has(e, ReadIndexException.class)
        || Causes.has(e, LeaderNotReadyException.class)
        || Causes.has(e, LeaderSteppingDownException.class)
        || Causes.has(e, NotLeaderException.class)
        || Causes.has(e, AlreadyClosedException.class)
        || Causes.has(e, ServerNotReadyException.class);
  }

  /** Runs next after a short pause, off the caller's thread. */
  static <T> CompletableFuture<T> later(Supplier<CompletableFuture<T>> next) {
    return pause(RETRY_MS).thenCompose(v -> next.get());
  }

  /**
   * Completes once the condition holds, checking it every {@code pauseMs}, or once the
   * deadline (System.nanoTime) has passed, whichever comes first; never exceptionally.
   */
  static CompletableFuture<Void> until(BooleanSupplier condition,
                                       long pauseMs, long deadline) {
    if (condition.getAsBoolean() || System.nanoTime() >= deadline) {
      return CompletableFuture.completedFuture(null);
    }
    return pause(pauseMs).thenCompose(v -> until(condition, pauseMs, deadline));
  }

  /** Completes after {@code ms}, on the JDK's delay scheduler, not the caller's thread. */
  private static CompletableFuture<Void> pause(long ms) {
    return CompletableFuture.runAsync(() -> { },
        CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS));
  }

  /** Reads a reply message of the given kind. */
  interface Parser<T> {
    T parse(Message message) throws InvalidProtocolBufferException;
  }

  /** The reply's message, or the reply's exception thrown as a CompletionException. */
  static <T extends MessageLite> T parse(RaftClientReply reply, Parser<T> parser) {
    if (!reply.isSuccess()) {
      throw new CompletionException(reply.getException());
    }
    try {
      return parser.parse(reply.getMessage());
    } catch (InvalidProtocolBufferException e) {
      throw new CompletionException(e);
    }
  }
}
