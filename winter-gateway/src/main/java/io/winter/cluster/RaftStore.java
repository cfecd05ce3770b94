package io.winter.cluster;

import io.winter.proto.CatalogCommand;
import io.winter.proto.CatalogCommandReply;
import io.winter.proto.CatalogQuery;
import io.winter.proto.CatalogQueryReply;
import io.winter.proto.Delete;
import io.winter.proto.DropTable;
import io.winter.proto.Get;
import io.winter.proto.ListTables;
import io.winter.proto.LookupNode;
import io.winter.proto.LookupTable;
import io.winter.proto.NodeRecord;
import io.winter.proto.PutNew;
import io.winter.proto.RequestId;
import io.winter.proto.TableCommand;
import io.winter.proto.TableCommandReply;
import io.winter.proto.TableEntry;
import io.winter.proto.TableQuery;
import io.winter.proto.TableQueryReply;
import io.winter.proto.TableStats;
import io.winter.statemachine.RatisMessages;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.ratis.protocol.RaftGroupId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The store on Ratis: CREATE and DROP are catalog transactions, table reads are linearizable
 * queries of the table's group, writes are entries of its log.
 */
public final class RaftStore implements WinterStore {
  private final RaftNode node;
  private final RaftClients clients;
  private final long requestTimeoutMs;
  private final CatalogCalls catalog;
  private final TableAttempts attempts;
  private final RequestIds requestIds = new RequestIds();
  private final TableGroupSender groups;
  private final TableCreation creation;
  private volatile java.util.function.Supplier<Set<String>> placeable = Set::of;

  public RaftStore(RaftNode node, RaftClients clients, int maxTables, int replication,
                   long requestTimeoutMs) {
    this.node = node;
    this.clients = clients;
    this.requestTimeoutMs = requestTimeoutMs;
    this.catalog = new CatalogCalls(node, clients, requestTimeoutMs);
    this.groups = new TableGroupSender(node, clients, requestTimeoutMs);
    this.attempts = new TableAttempts(this::lookup, clients::mismatched);
    this.creation = new TableCreation(node, clients, catalog, maxTables, replication,
        () -> placeable.get(),
        (table, deadline) -> attempts.attempt(table.getName(), table, this::stats, deadline, null),
        this::finishDrop);
  }

  /** Where new tables may be placed: the node ids discovery lists (empty: every member). */
  public void placeOnlyOn(java.util.function.Supplier<Set<String>> listed) {
    this.placeable = listed;
  }

  // ----------------------------------------------------------------- catalog

  /**
   * A table exists while the catalog holds it and its group is not sealed: a DROP takes effect
   * when it seals the group, and removing the catalog entry afterwards only tidies up. So a
   * CREATE that meets an entry whose group is sealed (a DROP interrupted between its two steps)
   * finishes that DROP and creates the table anew (see {@link TableCreation}).
   */
  @Override
  public CompletableFuture<CreateOutcome> create(String table, int replicas) {
    return creation.create(table, replicas, deadline());
  }

  /**
   * Seals the table's own group (the DROP takes effect there: after it no command of the table
   * succeeds, on any node), then removes the catalog entry of that group. A group sealed by
   * another DROP was dropped by that one: this DROP finishes that one's removal of the entry
   * and, like any command that meets a sealed group, asks the catalog's leader whether the name
   * has a newer table (this node's copy of the catalog may lag) before it answers "missing
   * table". The seal carries this DROP's id, so that a retried seal whose first attempt took
   * effect unseen is still told it was this DROP's.
   */
  @Override
  public CompletableFuture<Boolean> drop(String table) {
    TableCommand seal = TableCommand.newBuilder().setSeal(io.winter.proto.Seal.newBuilder()
        .setDropId(RatisMessages.bytesOf(RaftClients.newGroupIdBytes()))).build();
    return withTable(table, entry -> groups.send(entry, seal).thenCompose(reply ->
        reply.getDropped()
            ? finishDrop(entry).exceptionally(e -> null).thenCompose(v ->
                CompletableFuture.<TableEntry>failedFuture(new MissingTableException(table)))
            : CompletableFuture.completedFuture(entry)), false)
        .thenCompose(sealed -> finishDrop(sealed).handle((v, e) -> true));
  }

  /** Removes the catalog entry of a sealed table's group (not a newer table of its name). */
  CompletableFuture<Void> finishDrop(TableEntry sealed) {
    CatalogCommand command = CatalogCommand.newBuilder().setDropTable(DropTable.newBuilder()
        .setName(sealed.getName()).setGroupId(sealed.getGroupId())).build();
    return catalogWrite(command).thenApply(reply -> null);
  }

  @Override
  public CompletableFuture<List<String>> tables() {
    CatalogQuery query = CatalogQuery.newBuilder()
        .setListTables(ListTables.getDefaultInstance()).build();
    return catalogRead(query).thenApply(tables -> tables.stream().map(TableEntry::getName)
        .toList());
  }

  /** The table as the catalog's leader knows it now, or null. */
  public CompletableFuture<TableEntry> lookup(String table) {
    CatalogQuery query = CatalogQuery.newBuilder()
        .setLookupTable(LookupTable.newBuilder().setName(table)).build();
    return catalogRead(query).thenApply(tables -> tables.isEmpty() ? null : tables.get(0));
  }

  /** Every table as the catalog's leader knows it now. */
  public CompletableFuture<List<TableEntry>> listEntries() {
    return catalogRead(CatalogQuery.newBuilder()
        .setListTables(ListTables.getDefaultInstance()).build());
  }

  /** The catalog's record of a node id, as the catalog's leader knows it now. */
  public CompletableFuture<Optional<NodeRecord>> lookupNode(String id) {
    return catalog.query(CatalogQuery.newBuilder()
        .setLookupNode(LookupNode.newBuilder().setId(id)).build())
        .thenApply(reply -> reply.hasNode() ? Optional.of(reply.getNode()) : Optional.empty());
  }

  /** Proposes a catalog entry (used by membership reconciliation). */
  CompletableFuture<CatalogCommandReply> catalogCommand(CatalogCommand command) {
    return catalogWrite(command);
  }

  private CompletableFuture<CatalogCommandReply> catalogWrite(CatalogCommand command) {
    return catalog.write(command);
  }

  private CompletableFuture<List<TableEntry>> catalogRead(CatalogQuery query) {
    return catalog.query(query).thenApply(CatalogQueryReply::getTablesList);
  }

  // ------------------------------------------------------------------ tables

  @Override
  public boolean resolvesLocally(String table) {
    return node.catalog().localLookup(table).isPresent();
  }

  @Override
  public CompletableFuture<Optional<byte[]>> get(String table, byte[] key) {
    TableQuery query = TableQuery.newBuilder()
        .setGet(Get.newBuilder().setKey(RatisMessages.bytesOf(key))).build();
    return withTable(table, entry -> read(entry, query), false).thenApply(reply ->
        reply.getFound() ? Optional.of(reply.getValue().toByteArray()) : Optional.empty());
  }

  @Override
  public CompletableFuture<Void> putNew(String table, byte[] key, byte[] value, long ttlMillis) {
    return writeOnce(table, TableCommand.newBuilder().setPutNew(PutNew.newBuilder()
        .setKey(RatisMessages.bytesOf(key))
        .setValue(RatisMessages.bytesOf(value))
        .setTtlMillis(ttlMillis)));
  }

  @Override
  public CompletableFuture<Void> delete(String table, byte[] key) {
    return writeOnce(table, TableCommand.newBuilder()
        .setDelete(Delete.newBuilder().setKey(RatisMessages.bytesOf(key))));
  }

  /**
   * A client's write, under one request id for all its tries: the table applies it at most
   * once, however often it is retried, on whichever Raft client.
   */
  private CompletableFuture<Void> writeOnce(String table, TableCommand.Builder command) {
    RequestId id = requestIds.begin();
    TableCommand identified = command.setRequest(id).build();
    return withTable(table, entry -> write(entry, identified), true)
        .whenComplete((reply, e) -> requestIds.done(id))
        .thenApply(reply -> null);
  }

  /** Proposes an expiry sweep to a table's group (called on its leader). */
  public CompletableFuture<TableCommandReply> sweep(TableEntry table) {
    TableCommand command = TableCommand.newBuilder()
        .setSweep(io.winter.proto.Sweep.getDefaultInstance()).build();
    return write(table, command);
  }

  private CompletableFuture<TableQueryReply> stats(TableEntry table) {
    return read(table, TableQuery.newBuilder().setStats(TableStats.getDefaultInstance()).build());
  }

  /** A write that fails with MissingTableException once the table is dropped. */
  private CompletableFuture<TableCommandReply> write(TableEntry table, TableCommand command) {
    return groups.send(table, command).thenApply(reply -> {
      if (reply.getDropped()) {
        forget(table);
        throw new MissingTableException(table.getName());
      }
      return reply;
    });
  }

  private CompletableFuture<TableQueryReply> read(TableEntry table, TableQuery query) {
    return groups.read(table, query).thenApply(parsed -> {
      if (parsed.getDropped()) {
        forget(table);
        throw new MissingTableException(table.getName());
      }
      return parsed;
    });
  }

  /**
   * Forgets what this node keeps for groups the catalog's leader no longer lists: a table
   * dropped through another node leaves its batcher and write order here until then, since no
   * request of this node meets the drop. Only groups tracked before the catalog was read are
   * forgotten: their tables were listed before it, so a group missing from it was dropped.
   * Completes with how many were forgotten.
   */
  public CompletableFuture<Integer> forgetDropped() {
    Set<RaftGroupId> tracked = trackedGroups();
    if (tracked.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    return listEntries().thenApply(entries -> {
      Set<RaftGroupId> listed = new HashSet<>();
      entries.forEach(e -> listed.add(RaftClients.groupId(e)));
      int forgotten = 0;
      for (RaftGroupId group : tracked) {
        if (!listed.contains(group)) {
          groups.forget(group);
          forgotten++;
        }
      }
      return forgotten;
    });
  }

  /** The groups this node keeps a batcher or a write order for. */
  Set<RaftGroupId> trackedGroups() {
    return groups.trackedGroups();
  }

  /** Drops what this node keeps for a dropped table's group. */
  private void forget(TableEntry table) {
    groups.forget(RaftClients.groupId(table));
  }

  /**
   * Runs op against the table's group. A group that does not answer for the table (not yet
   * added, or dropped) sends us back to the catalog's leader: missing there means missing.
   */
  private <T> CompletableFuture<T> withTable(String table,
                                             Function<TableEntry, CompletableFuture<T>> op,
                                             boolean write) {
    long deadline = deadline();
    // a write retried after an attempt whose outcome is unknown may have taken effect already
    java.util.concurrent.atomic.AtomicBoolean mayHaveApplied = TableAttempts.mayHaveApplied(write);
    Optional<TableEntry> local = node.catalog().localLookup(table);
    if (local.isPresent()) {
      return healing(local.get(),
          attempts.attempt(table, local.get(), op, deadline, mayHaveApplied));
    }
    return lookup(table).thenCompose(entry -> entry == null
        ? CompletableFuture.failedFuture(new MissingTableException(table))
        : healing(entry, attempts.attempt(table, entry, op, deadline, mayHaveApplied)));
  }

  /**
   * Bounds a table command by the request timeout. A command that fails for want of its group
   * (timeout, retries exhausted) replaces the table's Raft client: a client that lost its leader
   * mid-window can stay stuck, and its gRPC channels may sit in reconnect back-off long after a
   * partition heals; a fresh one starts from the catalog's replica list. A write retried on a
   * new client is a new Raft request, but it keeps its request id, so the table does not
   * apply it twice.
   */
  private <T> CompletableFuture<T> healing(TableEntry entry, CompletableFuture<T> command) {
    return Timeouts.within(command, requestTimeoutMs).whenComplete((r, e) -> {
      if (e != null && !Causes.has(e, MissingTableException.class)) {
        clients.replaceAfterFailure(RaftClients.groupId(entry), e);
      }
    });
  }

  private long deadline() {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
  }
}
