package io.winter.metrics;

import java.util.List;

/**
 * Decides {@code /readyz}: ready when the catalog group has a leader and this node has caught
 * up since it started. Caught up means, once: the catalog and every local table replica have
 * heard their leader's commit index and applied up to what it was when first heard. After that
 * only the catalog leader is required, so creating a table or a table's election does not take
 * the node out of service.
 */
public final class Readiness {

  /**
   * What readiness needs to know of one local Raft group: whether it knows a leader, what this
   * replica applied, and its leader's commit index as last heard (-1: not heard yet).
   */
  public record Group(String name, boolean hasLeader, long appliedIndex, long leaderCommitIndex) {}

  /** The node's groups as seen now; {@code catalog()} is null before the node has joined. */
  public interface View {
    Group catalog();

    List<Group> tables();

    /** What the node waits for while it hosts no catalog. */
    default String notJoined() {
      return "this node has not joined the cluster yet";
    }
  }

  /** The answer of one check, with the reason when not ready. */
  public record Result(boolean ready, String reason) {}

  private final View view;
  private long catalogTarget = -1;
  private final java.util.Map<String, Long> tableTargets = new java.util.HashMap<>();
  private boolean caughtUp;
  private volatile boolean stopping;

  public Readiness(View view) {
    this.view = view;
  }

  /** From now on the node reports not ready, so load balancers drain it before it stops. */
  public void stopping() {
    stopping = true;
  }

  public synchronized Result check() {
    if (stopping) {
      return new Result(false, "the node is stopping");
    }
    Group catalog = view.catalog();
    if (catalog == null) {
      return new Result(false, view.notJoined());
    }
    if (!catalog.hasLeader()) {
      return new Result(false, "the catalog has no leader");
    }
    if (!caughtUp) {
      if (catalog.leaderCommitIndex() < 0) {
        return new Result(false, "the catalog has not heard from its leader yet");
      }
      if (catalogTarget < 0) {
        catalogTarget = catalog.leaderCommitIndex();
      }
      if (catalog.appliedIndex() < catalogTarget) {
        return new Result(false, "catalog applied index " + catalog.appliedIndex()
            + " has not reached " + catalogTarget);
      }
      // A replica that restarted behind its group counts towards no majority until it caught
      // up: stopping the next node of a rolling restart before then would stall the table.
      for (Group table : view.tables()) {
        if (!table.hasLeader()) {
          return new Result(false, "table " + table.name() + " has no leader");
        }
        if (table.leaderCommitIndex() < 0) {
          return new Result(false, "table " + table.name() + " has not heard from its leader yet");
        }
        long target = tableTargets.computeIfAbsent(table.name(), n -> table.leaderCommitIndex());
        if (table.appliedIndex() < target) {
          return new Result(false, "table " + table.name() + " applied index "
              + table.appliedIndex() + " has not reached " + target);
        }
      }
      caughtUp = true;
      tableTargets.clear();
    }
    return new Result(true, "ready");
  }
}
