package io.winter.cluster;

import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import io.winter.statemachine.CatalogListener;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Optional;
import java.util.function.Function;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
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

  private final RaftPeerId self;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(
      r -> new Thread(r, "winter-local-replicas"));
  private final ExecutorService remover = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "winter-group-remover");
    t.setDaemon(true);
    return t;
  });
  private final Map<RaftGroupId, CompletableFuture<Void>> present = new ConcurrentHashMap<>();
  private final Map<RaftGroupId, CompletableFuture<?>> removing = new ConcurrentHashMap<>();
  private final CompletableFuture<RaftServer> server = new CompletableFuture<>();
  private volatile RaftGroupIdsListener onRemoved = id -> { };

  /** Told when a local group was removed. */
  public interface RaftGroupIdsListener {
    void removed(RaftGroupId groupId);
  }

  private volatile Function<String, Optional<TableEntry>> catalog = name -> Optional.empty();

  public LocalReplicas(RaftPeerId self) {
    this.self = self;
  }

  /**
   * How to read the local catalog: every change is re-checked against it when carried out, so
   * replaying a log that creates and later drops or moves a table does not build a group that
   * the end of the log no longer places here.
   */
  public void readCatalogWith(Function<String, Optional<TableEntry>> catalog) {
    this.catalog = catalog;
  }

  /** Starts acting on catalog changes; those applied before the server ran are queued. */
  public void start(RaftServer raftServer, RaftGroupIdsListener onRemoved) {
    this.onRemoved = onRemoved;
    server.complete(raftServer);
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
      worker.execute(() -> ensureAbsent(RaftClients.groupId(before)));
    }
  }

  @Override
  public void tableDropped(TableEntry table) {
    worker.execute(() -> ensureAbsent(RaftClients.groupId(table)));
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
    return CompletableFuture.runAsync(() -> orphans.forEach(this::ensureAbsent), worker);
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
      if (!hasGroup(raftServer, group.getGroupId())) {
        add(raftServer, group, true);
        LOG.info("table {}: added local replica of group {}", table.getName(),
            group.getGroupId());
      } else if (!joining && withoutMembers(raftServer, group.getGroupId())) {
        reopen(raftServer, group);
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

  private void add(RaftServer raftServer, RaftGroup group, boolean format) throws IOException {
    try {
      RaftClientReply reply = raftServer.groupManagement(GroupManagementRequest.newAdd(
          clientId, self, callIds.incrementAndGet(), group, format));
      if (!reply.isSuccess()) {
        throw reply.getException() != null ? reply.getException()
            : new IOException("adding group failed");
      }
    } catch (AlreadyExistsException e) {
      LOG.debug("group {} exists already", group.getGroupId());
    }
  }

  /**
   * True if the local replica knows no members. Ratis keeps a new group's members only in the
   * log, which the group's first leader starts; a replica restarted before that election comes
   * back with none, and waits for a leader that may never come (another replica may be lost).
   */
  private static boolean withoutMembers(RaftServer raftServer, RaftGroupId groupId)
      throws IOException {
    return raftServer.getDivision(groupId).getRaftConf().getAllPeers().isEmpty();
  }

  /**
   * Closes a replica and opens it again from the same directory with the catalog's members:
   * its term, vote and log stay as they were, only its missing member list is filled in.
   */
  private void reopen(RaftServer raftServer, RaftGroup group) throws IOException {
    RaftClientReply removed = raftServer.groupManagement(GroupManagementRequest.newRemove(
        clientId, self, callIds.incrementAndGet(), group.getGroupId(), false, false));
    if (!removed.isSuccess()) {
      throw removed.getException() != null ? removed.getException()
          : new IOException("closing group failed");
    }
    add(raftServer, group, false);
  }

  /**
   * Removes a local group without waiting for it: closing a division can take a second, and
   * the worker must not hold up the groups of new tables behind dropped ones.
   */
  private void ensureAbsent(RaftGroupId groupId) {
    present.remove(groupId);
    try {
      RaftServer raftServer = server.join();
      if (!hasGroup(raftServer, groupId)) {
        onRemoved.removed(groupId);
        return;
      }
      GroupManagementRequest remove = GroupManagementRequest.newRemove(
          clientId, self, callIds.incrementAndGet(), groupId, true, false);
      CompletableFuture<RaftClientReply> removal = CompletableFuture.supplyAsync(() -> {
        try {
          return raftServer.groupManagement(remove);
        } catch (IOException e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, remover);
      removing.put(groupId, removal);
      removal.whenComplete((reply, e) -> removing.remove(groupId, removal));
      removal.whenComplete((reply, e) -> {
            if (e != null || !reply.isSuccess()) {
              LOG.warn("removing group {} failed: {}", groupId,
                  e != null ? e.toString() : reply.getException());
              return;
            }
            LOG.info("removed local replica of group {}", groupId);
            onRemoved.removed(groupId);
          });
    } catch (IOException | RuntimeException e) {
      LOG.error("removing local replica of group {} failed", groupId, e);
    }
  }

  /**
   * Waits for a removal of the group still under way: a replica that left a table and comes
   * back (a lost node rejoining) must get a new replica, not keep the one being closed.
   */
  private void awaitRemoval(RaftGroupId groupId) {
    CompletableFuture<?> pending = removing.get(groupId);
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

  private static boolean hasGroup(RaftServer raftServer, RaftGroupId groupId) throws IOException {
    for (RaftGroupId id : raftServer.getGroupIds()) {
      if (id.equals(groupId)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    worker.shutdownNow();
    remover.shutdownNow();
  }
}
