package io.winter.cluster;

import io.winter.proto.TableEntry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;

/**
 * One table command's tries against the table's group, and the retries a failure allows: a
 * leader election waits, a replica that lost the group sends the command to the catalog's
 * current entry, a dropped group is checked with the catalog's leader.
 */
final class TableAttempts {
  private final Function<String, CompletableFuture<TableEntry>> lookup;
  private final Consumer<RaftGroupId> onMismatch;

  /**
   * @param lookup the table's entry as the catalog's leader has it (null when it has none)
   * @param onMismatch told when a replica answered that it does not hold the group
   */
  TableAttempts(Function<String, CompletableFuture<TableEntry>> lookup,
                Consumer<RaftGroupId> onMismatch) {
    this.lookup = lookup;
    this.onMismatch = onMismatch;
  }

  /** Whether a command writes: a write retried after a try of unknown outcome may have applied. */
  static AtomicBoolean mayHaveApplied(boolean write) {
    return write ? new AtomicBoolean() : null;
  }

  /**
   * One try of op, and the retries a failure allows until {@code deadline} (a
   * {@link System#nanoTime()} value). For a write ({@code mayHaveApplied} not null), a table
   * whose group is gone after a try of unknown outcome is not reported missing: that try may
   * have taken effect before the DROP, and no replica is left to ask.
   */
  <T> CompletableFuture<T> attempt(String table, TableEntry entry,
                                   Function<TableEntry, CompletableFuture<T>> op,
                                   long deadline, AtomicBoolean mayHaveApplied) {
    return op.apply(entry).exceptionallyCompose(e -> {
      // A sealed group's "dropped" is exact even for a retry: the table remembers the request
      // ids it applied, and answers a retry of one of them with its first reply.
      if (System.nanoTime() > deadline) {
        return CompletableFuture.failedFuture(Causes.unwrap(e));
      }
      if (Causes.has(e, MissingTableException.class)) {
        // The group we used is sealed (dropped). This node's copy of the catalog may lag: a
        // new table of the same name may exist already. Only the catalog's leader can say.
        return lookup.apply(table).thenCompose(current -> current == null
            || current.getGroupId().equals(entry.getGroupId())
            ? CompletableFuture.failedFuture(new MissingTableException(table))
            : attempt(table, current, op, deadline, mayHaveApplied));
      }
      if (Causes.has(e, GroupMismatchException.class)) {
        // The replica the client was talking to no longer holds the group (dropped, moved
        // away, or its node lost its data): a fresh client starts from the catalog's current
        // replica list. A dropped table's replicas stay a while after the DROP (see
        // LocalReplicas), so a write that meets none and never had a try of unknown outcome
        // began after the DROP and did nothing.
        onMismatch.accept(RaftClients.groupId(entry));
        return lookup.apply(table).thenCompose(current -> current == null
            ? CompletableFuture.failedFuture(mayHaveApplied != null && mayHaveApplied.get()
                ? outcomeUnknown(table) : new MissingTableException(table))
            : RaftCalls.later(() -> attempt(table, current, op, deadline, mayHaveApplied)));
      }
      if (mayHaveApplied != null) {
        mayHaveApplied.set(true);
      }
      return RaftCalls.isElectionUnderWay(e)
          ? RaftCalls.later(() -> attempt(table, entry, op, deadline, mayHaveApplied))
          : CompletableFuture.failedFuture(Causes.unwrap(e));
    });
  }

  static Exception outcomeUnknown(String table) {
    return new TimeoutException("table " + table
        + " was dropped while a retried write may have taken effect");
  }
}
