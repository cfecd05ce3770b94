package io.winter.cluster;

import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import io.winter.statemachine.CatalogListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's replicas of table groups true to the catalog: adds the group of every table
 * the catalog places here, removes the group of every dropped table. The catalog is the source
 * of truth, so a change interrupted by a crash is re-driven from it on the next start.
 */
public final class LocalReplicas implements CatalogListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalReplicas.class);
  private static final long CHECK_SECONDS = 5;
  /**
   * How long a dropped table's replica stays: a request's tries last up to the request timeout,
   * so three of them leave room to spare (15 s at the default 5 s).
   */
  public static Duration droppedReplicaGrace(long requestTimeoutMs) {
    return Duration.ofMillis(3 * requestTimeoutMs);
  }

  private final RaftPeerId self;
  private final LocalGroups groups;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "winter-local-replicas");
    // Ratis installs a default handler that exits the JVM on any uncaught exception: a fault
    // in one sweep must cost that sweep, not the node.
    t.setUncaughtExceptionHandler((thread, e) ->
        LOG.error("local replica upkeep failed; the next sweep tries again", e));
    return t;
  });
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "winter-local-replicas-timer");
    t.setDaemon(true);
    return t;
  });
  private final GroupRemovals removals = new GroupRemovals(timer);
  private final ReplicaMembership membership;
  private final Map<RaftGroupId, CompletableFuture<Void>> present = new ConcurrentHashMap<>();
  private final Set<RaftGroupId> keptNoticed = ConcurrentHashMap.newKeySet();
  private final ReplicaCheckup checkup;
  private final CompletableFuture<RaftServer> server = new CompletableFuture<>();
  private volatile RaftGroupIdsListener onRemoved = id -> { };

  /** Told when a local group was removed. */
  public interface RaftGroupIdsListener {
    void removed(RaftGroupId groupId);
  }

  private volatile Function<String, Optional<TableEntry>> catalog = name -> Optional.empty();
  private volatile Supplier<Collection<TableEntry>> tables = List::of;

  private final Duration droppedReplicaGrace;

  /** @param droppedReplicaGrace how long a dropped table's replica stays (see tableDropped) */
  public LocalReplicas(RaftPeerId self, Duration droppedReplicaGrace) {
    this.self = self;
    this.checkup = new ReplicaCheckup(self,
        table -> isReplicaHere(table) && removals.running(RaftClients.groupId(table)) == null,
        this::reopen);
    this.droppedReplicaGrace = droppedReplicaGrace;
    this.membership = new ReplicaMembership(self);
    this.groups = new LocalGroups(self);
  }

  /**
   * How to read the local catalog: every change is re-checked against it when carried out, so
   * replaying a log that creates and later drops or moves a table does not build a group that
   * the end of the log no longer places here.
   */
  public void readCatalogWith(Function<String, Optional<TableEntry>> catalog) {
    this.catalog = catalog;
  }

  /** Where to find a group's leader before deleting a replica: every node of the cluster. */
  public void askGroupLeadersAmong(Supplier<Collection<RaftPeer>> hosts) {
    membership.askAmong(hosts);
  }

  /**
   * How to list every table, for the periodic check that reopens replicas Ratis shut down.
   */
  public void listTablesWith(Supplier<Collection<TableEntry>> tables) {
    this.tables = tables;
  }

  /** Starts acting on catalog changes; those applied before the server ran are queued. */
  public void start(RaftServer raftServer, RaftGroupIdsListener onRemoved) {
    this.onRemoved = onRemoved;
    server.complete(raftServer);
    timer.scheduleWithFixedDelay(() -> worker.execute(this::checkReplicas),
        CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
  }

  /** Completes once this node holds its replica of the table's group. */
  public CompletableFuture<Void> whenPresent(TableEntry table) {
    return present.computeIfAbsent(RaftClients.groupId(table), id -> new CompletableFuture<>());
  }

  @Override
  public void tableCreated(TableEntry table) {
    if (isReplicaHere(table)) {
      worker.execute(() -> ensurePresent(table, false));
    }
  }

  @Override
  public void replicasChanged(TableEntry before, TableEntry after) {
    if (isReplicaHere(after) && !isReplicaHere(before)) {
      worker.execute(() -> ensurePresent(after, true));
    } else if (isReplicaHere(before) && !isReplicaHere(after)) {
      leaveLater(before.getName(), RaftClients.groupId(before));
    }
  }

  /**
   * Removes a dropped table's replica only after a while: until then the sealed group answers
   * a write retried across the DROP exactly (it remembers the requests it applied), and a
   * replica gone sooner would leave the gateway unable to tell.
   */
  @Override
  public void tableDropped(TableEntry table) {
    RaftGroupId groupId = RaftClients.groupId(table);
    timer.schedule(() -> worker.execute(() -> ensureAbsent(groupId, null)),
        droppedReplicaGrace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void catalogLoaded(Collection<TableEntry> tables) {
    tables.forEach(this::tableCreated);
  }

  /**
   * Removes local table groups that the catalog no longer knows. {@code known} must be the
   * authoritative table list, read after {@code candidates} were taken: group ids are never
   * reused, so a group on disk before that read and absent from it was dropped.
   */
  public CompletableFuture<Void> removeOrphans(Set<RaftGroupId> candidates,
                                               Collection<TableEntry> known) {
    Set<RaftGroupId> orphans = new HashSet<>(candidates);
    known.forEach(t -> orphans.remove(RaftClients.groupId(t)));
    return CompletableFuture.runAsync(() -> orphans.forEach(id -> ensureAbsent(id, null)),
        worker);
  }

  public boolean isReplicaHere(TableEntry table) {
    for (Peer p : table.getReplicasList()) {
      if (p.getId().equals(self.toString())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds the local replica of a table's group. A replica joining an existing group starts with
   * no members and learns them from the leader; one of a new group starts with all of them.
   */
  private void ensurePresent(TableEntry table, boolean joining) {
    CompletableFuture<Void> done = whenPresent(table);
    try {
      RaftServer raftServer = server.join();
      Optional<TableEntry> current = catalog.apply(table.getName())
          .filter(t -> t.getGroupId().equals(table.getGroupId()) && isReplicaHere(t));
      if (current.isEmpty()) {
        return;
      }
      RaftGroup group = joining ? RaftGroup.valueOf(RaftClients.groupId(table))
          : RaftClients.toGroup(current.get());
      awaitRemoval(group.getGroupId());
      if (!LocalGroups.has(raftServer, group.getGroupId())) {
        groups.add(raftServer, group, true);
        LOG.info("table {}: added local replica of group {}", table.getName(),
            group.getGroupId());
      } else if (!joining && LocalGroups.withoutMembers(raftServer, group.getGroupId())) {
        groups.reopen(raftServer, group);
        LOG.info("table {}: reopened local replica of group {} with its members {}",
            table.getName(), group.getGroupId(), group.getPeers());
      }
      done.complete(null);
    } catch (IOException | RuntimeException e) {
      LOG.error("table {}: adding local replica failed", table.getName(), e);
      done.completeExceptionally(e);
      present.remove(RaftClients.groupId(table), done);
    }
  }

  /**
   * Leaves a table's group after a pause: a move that fails half-way is undone in the catalog
   * and often retried at once, and a replica removed and re-added in between would be deleted
   * while the group counts it.
   */
  private void leaveLater(String table, RaftGroupId groupId) {
    timer.schedule(() -> worker.execute(() -> ensureLeft(table, groupId)),
        CHECK_SECONDS, TimeUnit.SECONDS);
  }

  private boolean placedHere(String table, RaftGroupId groupId) {
    return catalog.apply(table)
        .filter(t -> RaftClients.groupId(t).equals(groupId) && isReplicaHere(t)).isPresent();
  }

  private void ensureLeft(String table, RaftGroupId groupId) {
    Optional<TableEntry> current = catalog.apply(table)
        .filter(t -> RaftClients.groupId(t).equals(groupId));
    if (current.isEmpty()) {
      ensureAbsent(groupId, null);
    } else if (!isReplicaHere(current.get())) {
      ensureAbsent(groupId, table);
    } else if (keptNoticed.remove(groupId)) {
      LOG.info("table {}: the catalog places the kept replica of group {} here again",
          table, groupId);
    }
  }

  /**
   * Removes a local group without waiting for it: closing a division can take a second, or
   * never end, and the worker must not hold up the groups of new tables behind dropped ones.
   *
   * @param leftTable the table whose replica moved away, or null if the table was dropped
   */
  private void ensureAbsent(RaftGroupId groupId, String leftTable) {
    try {
      RaftServer raftServer = server.join();
      if (!LocalGroups.has(raftServer, groupId)) {
        present.remove(groupId);
        onRemoved.removed(groupId);
        return;
      }
      removals.start(groupId, () -> {
        if (leftTable != null && (membership.stillNeeded(raftServer, groupId)
            || placedHere(leftTable, groupId))) {
          return false;
        }
        present.remove(groupId);
        groups.remove(raftServer, groupId, true);
        return true;
      }).ifPresent(removal -> removal.whenComplete((removed, e) -> {
        if (e != null) {
          LOG.warn("removing group {} failed: {}", groupId, e.toString());
        } else if (removed) {
          keptNoticed.remove(groupId);
          LOG.info("removed local replica of group {}", groupId);
          onRemoved.removed(groupId);
        } else {
          if (keptNoticed.add(groupId)) {
            LOG.info("table {}: keeping the local replica of group {} although the catalog "
                + "moved it away: the group still needs it; checking every {} s", leftTable,
                groupId, CHECK_SECONDS);
          }
          leaveLater(leftTable, groupId);
        }
      }));
    } catch (IOException | RuntimeException e) {
      LOG.error("removing local replica of group {} failed", groupId, e);
    }
  }

  /** The periodic check of the live local replicas (see {@link ReplicaCheckup}). */
  private void checkReplicas() {
    RaftServer raftServer = server.getNow(null);
    if (raftServer != null) {
      checkup.run(raftServer, List.copyOf(tables.get()));
    }
  }

  private void reopen(RaftServer raftServer, String name, RaftGroupId groupId) {
    removals.start(groupId, () -> {
      groups.remove(raftServer, groupId, false);
      return true;
    }).ifPresent(closing -> closing.thenRun(
        () -> worker.execute(() -> reopenClosed(raftServer, name, groupId))));
  }

  private void reopenClosed(RaftServer raftServer, String name, RaftGroupId groupId) {
    Optional<TableEntry> current = catalog.apply(name)
        .filter(t -> RaftClients.groupId(t).equals(groupId) && isReplicaHere(t));
    try {
      if (current.isPresent() && !LocalGroups.has(raftServer, groupId)) {
        groups.add(raftServer, RaftClients.toGroup(current.get()), false);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("table {}: reopening the local replica of group {} failed: {}", name, groupId,
          e.toString());
    }
  }

  /**
   * Waits for a removal of the group still under way: a replica that left a table and comes
   * back (a lost node rejoining) must get a new replica, not keep the one being closed.
   */
  private void awaitRemoval(RaftGroupId groupId) {
    CompletableFuture<?> pending = removals.running(groupId);
    if (pending != null) {
      try {
        pending.get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("removal of group {} did not finish: {}", groupId, e.toString());
      }
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    timer.shutdownNow();
    removals.close();
    membership.close();
  }
}
