package io.winter.command;

import io.winter.cluster.Causes;
import io.winter.cluster.MissingTableException;
import io.winter.cluster.NodeNotReadyException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure of a command into the one reply line a client understands. */
public final class ErrorReplies {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);

  /** A command a stopping node read and never started: it did not happen. */
  public static final Reply NODE_STOPPING = Reply.error("unavailable: this node is stopping");

  private final long requestTimeoutMs;

  public ErrorReplies(long requestTimeoutMs) {
    this.requestTimeoutMs = requestTimeoutMs;
  }

  public Reply translate(Throwable failure, Command command) {
    Throwable e = Causes.unwrap(failure);
    if (e instanceof MissingTableException) {
      return Reply.MISSING_TABLE;
    }
    if (e instanceof NodeNotReadyException) {
      return Reply.error("unavailable: " + e.getMessage());
    }
    if (e instanceof TimeoutException) {
      return timedOut();
    }
    if (e instanceof RaftException || e instanceof IOException
        || Causes.has(e, RaftException.class) || Causes.has(e, IOException.class)) {
      LOG.debug("command {} failed", command.kind(), e);
      return unavailable(command);
    }
    LOG.warn("command {} failed unexpectedly", command.kind(), e);
    return Reply.error("internal: " + e.getClass().getSimpleName()
        + " (see the node's log)");
  }

  public Reply timedOut() {
    return Reply.error("timed out after " + requestTimeoutMs
        + " ms: the command may or may not have taken effect");
  }

  static Reply unavailable(Command command) {
    String table = command.table();
    // DROP seals the table's own group first, so its failure is usually that group's.
    if (table == null || command.kind() == Command.Kind.CREATE) {
      return Reply.error("unavailable: the catalog has no leader reachable from this node");
    }
    return Reply.error("unavailable: table " + table + " has no leader reachable from this node");
  }

  public static Reply tableLimit(int maxTables) {
    return Reply.error("table limit reached: " + maxTables + " tables");
  }
}
