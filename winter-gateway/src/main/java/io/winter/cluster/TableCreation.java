package io.winter.cluster;

import io.winter.cluster.WinterStore.CreateOutcome;
import io.winter.proto.Batch;
import io.winter.proto.CatalogCommand;
import io.winter.proto.CreateTable;
import io.winter.proto.TableCommand;
import io.winter.proto.TableEntry;
import io.winter.statemachine.RatisMessages;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.ReplicationLevel;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CREATE: the catalog entry, then the wait until the new table's group serves it (see
 * {@link #create}); the table exists once the catalog committed its entry.
 */
final class TableCreation {
  private static final long EVERY_REPLICA_WAIT_MS = 5_000;
  /**
   * How long before the CREATE's deadline the wait for every replica gives up: the table
   * exists by then, and the reply must leave before the gateway's timeout says it may not,
   * also on a node busy enough to be late by a fraction of a second.
   */
  private static final long DEADLINE_MARGIN_MS = 1_000;
  private static final long LEADER_POLL_MS = 10;
  /** A transfer to a caught-up replica takes one election; the leader refuses writes meanwhile. */
  private static final long HANDOVER_TIMEOUT_MS = 1_000;
  /** Less time than this left before the deadline's margin: no hand-over. */
  private static final long HANDOVER_MIN_MS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(TableCreation.class);

  private final RaftNode node;
  private final RaftClients clients;
  private final CatalogCalls catalog;
  private final int maxTables;
  private final int replication;
  private final Supplier<Set<String>> placeable;
  private final BiFunction<TableEntry, Long, CompletableFuture<?>> probe;
  private final Function<TableEntry, CompletableFuture<Void>> finishDrop;

  /**
   * @param placeable where new tables may be placed (see RaftStore.placeOnlyOn)
   * @param probe a linearizable query of a table's group within a deadline, failing with
   *     MissingTableException when the group is sealed and the catalog's leader knows no newer
   *     table of its name
   * @param finishDrop removes the catalog entry of a sealed table's group
   */
  TableCreation(RaftNode node, RaftClients clients, CatalogCalls catalog, int maxTables,
                int replication, Supplier<Set<String>> placeable,
                BiFunction<TableEntry, Long, CompletableFuture<?>> probe,
                Function<TableEntry, CompletableFuture<Void>> finishDrop) {
    this.node = node;
    this.clients = clients;
    this.catalog = catalog;
    this.maxTables = maxTables;
    this.replication = replication;
    this.placeable = placeable;
    this.probe = probe;
    this.finishDrop = finishDrop;
  }

  /**
   * Creates the table, or finishes a DROP of its name interrupted between its two steps and
   * creates it anew, within the deadline (System.nanoTime()).
   */
  CompletableFuture<CreateOutcome> create(String table, int replicas, long deadline) {
    List<org.apache.ratis.protocol.RaftPeer> nodes = node.catalogPeers();
    if (nodes.isEmpty()) {
      return CompletableFuture.failedFuture(new NodeNotReadyException(
          "this node has not joined the cluster yet"));
    }
    List<io.winter.proto.Peer> placed = Placement.forNewTable(table,
        Placement.eligible(nodes, placeable.get(), node.catalog()::localNode),
        node.catalog().localTables(), replicas > 0 ? replicas : replication);
    TableEntry entry = TableEntry.newBuilder()
        .setName(table)
        .setGroupId(RatisMessages.bytesOf(RaftClients.newGroupIdBytes()))
        .addAllReplicas(placed)
        .setReplication(placed.size())
        .build();
    CatalogCommand command = CatalogCommand.newBuilder()
        .setCreateTable(CreateTable.newBuilder().setTable(entry).setMaxTables(maxTables))
        .build();
    return catalog.write(command).thenCompose(reply -> switch (reply.getOutcome()) {
      // A table dropped before it was ready was still created: the CREATE took effect when
      // the catalog committed it, and the DROP came after.
      case CREATED -> awaitNewTable(reply.getTable(), deadline);
      // Our own entry, committed by an attempt whose reply was lost before a retry.
      case ALREADY_EXISTS -> reply.getTable().getGroupId().equals(entry.getGroupId())
          ? awaitNewTable(reply.getTable(), deadline)
          : awaitLive(reply.getTable(), deadline).thenCompose(live -> live
              ? CompletableFuture.completedFuture(CreateOutcome.ALREADY_EXISTS)
              : finishDrop.apply(reply.getTable()).thenCompose(v -> System.nanoTime() > deadline
                  ? CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException(
                      "table " + table + " is still being dropped"))
                  : create(table, replicas, deadline)));
      case LIMIT_REACHED -> CompletableFuture.completedFuture(CreateOutcome.LIMIT_REACHED);
      default -> CompletableFuture.failedFuture(
          new IllegalStateException("unexpected catalog outcome " + reply.getOutcome()));
    });
  }

  /**
   * Starts the new table's replicas on their nodes, waits until it is live and then, within
   * the deadline, until every replica holds an entry, and hands leadership to the preferred
   * replica if the first election chose another.
   */
  private CompletableFuture<CreateOutcome> awaitNewTable(TableEntry table, long deadline) {
    clients.startReplicas(table);
    return awaitLocalLeaderKnown(table, deadline)
        .thenCompose(v -> awaitLive(table, deadline))
        .thenCompose(live -> awaitEveryReplica(table, live, deadline))
        .thenCompose(leader -> handToPreferred(table, leader, deadline))
        .thenApply(v -> CreateOutcome.CREATED);
  }

  /**
   * Waits, never past the deadline, until this node's replica of a new table's group knows
   * the group's leader, so that the group's Raft client, built on the table's first request,
   * starts with that leader. A client built while the group elects starts with the first
   * listed replica, which knows no leader yet and sends it on to a random other one; when that
   * one is down or cut off, the request waits out the client's whole timeout (3 s of the
   * CREATE's 5) before it tries another.
   */
  private CompletableFuture<Void> awaitLocalLeaderKnown(TableEntry table, long deadline) {
    if (!node.replicas().isReplicaHere(table)) {
      return CompletableFuture.completedFuture(null);
    }
    RaftGroupId group = RaftClients.groupId(table);
    return node.replicas().whenPresent(table).thenCompose(v ->
        RaftCalls.until(() -> node.knownLeader(group) != null, LEADER_POLL_MS, deadline));
  }

  /**
   * Waits, at most EVERY_REPLICA_WAIT_MS and never past the CREATE's deadline, until every
   * replica of a new table's group holds an entry; a replica that is down only makes CREATE
   * slower. Ratis does not count the vote of a replica whose log is empty once its group has
   * committed entries, so a table whose third replica started late (a node just restarted)
   * and whose leader then failed could elect no one with two replicas alive
   * (docs/reliability.md). Completes with the leader that saw every replica hold the entry,
   * or null when that was not seen.
   */
  private CompletableFuture<RaftPeerId> awaitEveryReplica(TableEntry table, boolean live,
                                                          long deadline) {
    // Never past the CREATE's own deadline: the table exists, a timeout would say it may not.
    long waitMs = Math.min(EVERY_REPLICA_WAIT_MS,
        TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) - DEADLINE_MARGIN_MS);
    // a group of one replica is live only once that replica leads it: nothing to wait for
    if (!live || waitMs <= 0 || table.getReplicasCount() == 1) {
      return CompletableFuture.completedFuture(null);
    }
    // A new group's log holds only its configuration at index 0, and Ratis counts every index
    // up to 0 as replicated everywhere from the start: an empty batch gives an entry to watch.
    TableCommand nothing = TableCommand.newBuilder().setBatch(Batch.getDefaultInstance()).build();
    RaftClient client = clients.table(table);
    return client.async().send(RatisMessages.toMessage(nothing))
        .thenCompose(reply -> client.async().watch(reply.getLogIndex(), ReplicationLevel.ALL))
        .orTimeout(waitMs, TimeUnit.MILLISECONDS)
        .handle((reply, e) -> e == null && reply.isSuccess() ? reply.getServerId() : null);
  }

  /**
   * Hands a new group's leadership to the table's preferred replica when its first election
   * chose another. Every member has the same Raft priority (see {@link LeaderBalancer}), which
   * leaves a leader alone for its first 10 s, so a new table would otherwise be served by
   * whichever replica campaigned first until then. Only once every replica holds an entry (the
   * preferred one is up and caught up), and at best effort within the CREATE's deadline.
   */
  private CompletableFuture<Void> handToPreferred(TableEntry table, RaftPeerId leader,
                                                  long deadline) {
    Optional<RaftPeerId> preferred = LeaderBalancer.preferred(table);
    long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) - DEADLINE_MARGIN_MS;
    if (leader == null || preferred.isEmpty() || preferred.get().equals(leader)
        || waitMs < HANDOVER_MIN_MS) {
      return CompletableFuture.completedFuture(null);
    }
    long timeoutMs = Math.min(HANDOVER_TIMEOUT_MS, waitMs);
    // Ratis' admin API blocks; a CREATE is rare enough for one pool thread per hand-over
    return CompletableFuture.runAsync(() -> {
      try {
        clients.tableUnordered(table).admin()
            .transferLeadership(preferred.get(), leader, timeoutMs);
      } catch (IOException | RuntimeException e) {
        LOG.debug("table {}: new group's leadership not handed to {}: {}", table.getName(),
            preferred.get(), e.toString());
      }
    }).orTimeout(waitMs, TimeUnit.MILLISECONDS).handle((v, e) -> null);
  }

  /**
   * Waits until the table's group has a leader that answers a query: true if the table (this
   * group, or one created after it under the same name) is live, false if the group is sealed
   * and the catalog's leader knows no newer table.
   */
  private CompletableFuture<Boolean> awaitLive(TableEntry table, long deadline) {
    CompletableFuture<Void> local = node.replicas().isReplicaHere(table)
        ? node.replicas().whenPresent(table) : CompletableFuture.completedFuture(null);
    return local.thenCompose(v -> probe.apply(table, deadline))
        .handle((stats, e) -> {
          if (e == null) {
            return true;
          }
          if (Causes.has(e, MissingTableException.class)) {
            return false;
          }
          throw e instanceof CompletionException c ? c : new CompletionException(e);
        });
  }
}
