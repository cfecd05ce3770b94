package io.winter.command;

import io.winter.cluster.Timeouts;
import io.winter.cluster.WinterStore;
import java.util.concurrent.CompletableFuture;

/**
 * Carries out parsed commands against the store. The returned future always completes with
 * the command's reply, never exceptionally, and within the request timeout.
 */
public final class CommandExecutor {
  private final WinterStore store;
  private final long requestTimeoutMs;
  private final int maxTables;
  private final ErrorReplies errors;
  private final CommandListener listener;

  public CommandExecutor(WinterStore store, long requestTimeoutMs, int maxTables) {
    this(store, requestTimeoutMs, maxTables, CommandListener.NONE);
  }

  /** An executor that tells {@code listener} about every reply (e.g. to count it). */
  public CommandExecutor(WinterStore store, long requestTimeoutMs, int maxTables,
                         CommandListener listener) {
    this.store = store;
    this.requestTimeoutMs = requestTimeoutMs;
    this.maxTables = maxTables;
    this.errors = new ErrorReplies(requestTimeoutMs);
    this.listener = listener;
  }

  /**
   * Whether the command must run alone in its connection: after every earlier command has
   * finished and before any later one starts.
   */
  public boolean isBarrier(Command command) {
    return switch (command.kind()) {
      case CREATE, DROP, TABLES -> true;
      case GET, PUTNEW, DELETE -> !store.resolvesLocally(command.table());
      default -> false;
    };
  }

  /** Whether the command changes its table (a later read of the table waits for it). */
  public static boolean isTableWrite(Command command) {
    return command.kind() == Command.Kind.PUTNEW || command.kind() == Command.Kind.DELETE;
  }

  public CompletableFuture<Reply> execute(Command command) {
    long startNanos = System.nanoTime();
    CompletableFuture<Reply> reply;
    try {
      reply = dispatch(command);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    if (reply.isDone() && !reply.isCompletedExceptionally()) {
      tell(command, reply.join(), startNanos);
      return reply;
    }
    return Timeouts.within(reply, requestTimeoutMs)
        .exceptionally(e -> errors.translate(e, command))
        .thenApply(r -> tell(command, r, startNanos));
  }

  private Reply tell(Command command, Reply reply, long startNanos) {
    try {
      listener.answered(command.kind(), reply, System.nanoTime() - startNanos);
    } catch (RuntimeException e) {
      // a listener's failure must not become the client's: the reply stands
    }
    return reply;
  }

  private CompletableFuture<Reply> dispatch(Command command) {
    return switch (command.kind()) {
      case BLANK -> CompletableFuture.completedFuture(Reply.BLANK);
      case PING -> CompletableFuture.completedFuture(Reply.PONG);
      case QUIT -> CompletableFuture.completedFuture(Reply.BYE);
      case INVALID -> CompletableFuture.completedFuture(((Command.Invalid) command).reply());
      case CREATE -> store.create(command.table(), ((Command.Create) command).replicas())
          .thenApply(outcome -> switch (outcome) {
        case CREATED -> Reply.CREATED;
        case ALREADY_EXISTS -> Reply.ALREADY_CREATED;
        case LIMIT_REACHED -> ErrorReplies.tableLimit(maxTables);
      });
      case DROP -> store.drop(command.table())
          .thenApply(dropped -> dropped ? Reply.DROPPED : Reply.MISSING_TABLE);
      case TABLES -> store.tables().thenApply(Reply::tables);
      case GET -> {
        Command.Get get = (Command.Get) command;
        yield store.get(get.table(), get.key())
            .thenApply(value -> value.map(Reply::value).orElse(Reply.NIL));
      }
      case PUTNEW -> {
        Command.PutNew put = (Command.PutNew) command;
        yield store.putNew(put.table(), put.key(), put.value(), put.ttlMillis())
            .thenApply(v -> Reply.OK);
      }
      case DELETE -> {
        Command.Delete delete = (Command.Delete) command;
        yield store.delete(delete.table(), delete.key()).thenApply(v -> Reply.OK);
      }
    };
  }
}
