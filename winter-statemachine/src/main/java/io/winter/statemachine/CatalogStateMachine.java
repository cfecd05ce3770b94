package io.winter.statemachine;

import com.google.protobuf.InvalidProtocolBufferException;
import io.winter.proto.CatalogCommand;
import io.winter.proto.CatalogCommandReply;
import io.winter.proto.CatalogCommandReply.Outcome;
import io.winter.proto.CatalogQuery;
import io.winter.proto.CatalogQueryReply;
import io.winter.proto.CatalogSnapshot;
import io.winter.proto.CreateTable;
import io.winter.proto.DropTable;
import io.winter.proto.NodeRecord;
import io.winter.proto.SetReplicas;
import io.winter.proto.TableEntry;
import io.winter.snapshot.SnapshotFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of the catalog: which tables exist, their group ids and replicas, and
 * which incarnation answers to each node id. CREATE and DROP are its transactions, so they are
 * linearizable cluster-wide.
 */
public final class CatalogStateMachine extends ReloadableStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogStateMachine.class);

  private final CatalogListener listener;
  // Copy-on-write: the catalog is small and read far more often than written.
  private volatile TreeMap<String, TableEntry> tables = new TreeMap<>();
  private final NodeRegistry nodes = new NodeRegistry();

  public CatalogStateMachine(CatalogListener listener) {
    this.listener = listener;
  }

  /** The table as this replica last applied it: may lag the leader, never invents a table. */
  public Optional<TableEntry> localLookup(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  /** Every table as this replica last applied it, sorted by name. */
  public Collection<TableEntry> localTables() {
    return tables.values();
  }

  /** The node's record as this replica last applied it. */
  public Optional<NodeRecord> localNode(String id) {
    return nodes.lookup(id);
  }

  /** Every node record as this replica last applied it, sorted by id. */
  public Collection<NodeRecord> localNodes() {
    return nodes.all();
  }

  @Override
  protected void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    SnapshotFiles.verify(file);
    CatalogSnapshot content = CatalogSnapshot.parseFrom(Files.readAllBytes(file.toPath()));
    TreeMap<String, TableEntry> loaded = new TreeMap<>();
    content.getTablesList().forEach(t -> loaded.put(t.getName(), t));
    tables = loaded;
    nodes.load(content.getNodesList());
    setLastAppliedTermIndex(snapshot.getTermIndex());
    listener.catalogLoaded(loaded.values());
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    CatalogCommandReply reply;
    try {
      reply = apply(RatisMessages.catalogCommand(entry.getStateMachineLogEntry().getLogData()));
    } catch (InvalidProtocolBufferException e) {
      LOG.error("catalog: skipping unreadable entry {}", entry.getIndex(), e);
      reply = CatalogCommandReply.getDefaultInstance();
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(RatisMessages.toMessage(reply));
  }

  CatalogCommandReply apply(CatalogCommand command) {
    return switch (command.getCommandCase()) {
      case CREATE_TABLE -> create(command.getCreateTable());
      case DROP_TABLE -> drop(command.getDropTable());
      case SET_REPLICAS -> setReplicas(command.getSetReplicas());
      case REGISTER_NODE -> nodes.register(command.getRegisterNode());
      case RETIRE_NODE -> nodes.retire(command.getRetireNode());
      case NODE_EVACUATED -> nodes.evacuated(command.getNodeEvacuated());
      case COMMAND_NOT_SET -> CatalogCommandReply.getDefaultInstance();
    };
  }

  private CatalogCommandReply create(CreateTable create) {
    TableEntry table = create.getTable();
    TableEntry existing = tables.get(table.getName());
    if (existing != null) {
      return outcome(Outcome.ALREADY_EXISTS, existing);
    }
    if (create.getMaxTables() > 0 && tables.size() >= create.getMaxTables()) {
      return CatalogCommandReply.newBuilder().setOutcome(Outcome.LIMIT_REACHED).build();
    }
    TreeMap<String, TableEntry> next = new TreeMap<>(tables);
    next.put(table.getName(), table);
    tables = next;
    listener.tableCreated(table);
    return outcome(Outcome.CREATED, table);
  }

  private CatalogCommandReply drop(DropTable drop) {
    String name = drop.getName();
    TableEntry existing = tables.get(name);
    if (existing == null
        || (!drop.getGroupId().isEmpty() && !existing.getGroupId().equals(drop.getGroupId()))) {
      return CatalogCommandReply.newBuilder().setOutcome(Outcome.MISSING).build();
    }
    TreeMap<String, TableEntry> next = new TreeMap<>(tables);
    next.remove(name);
    tables = next;
    listener.tableDropped(existing);
    return outcome(Outcome.DROPPED, existing);
  }

  private CatalogCommandReply setReplicas(SetReplicas change) {
    TableEntry existing = tables.get(change.getName());
    if (existing == null || !existing.getGroupId().equals(change.getGroupId())) {
      return CatalogCommandReply.newBuilder().setOutcome(Outcome.MISSING).build();
    }
    TableEntry updated = existing.toBuilder().clearReplicas()
        .addAllReplicas(change.getReplicasList()).build();
    TreeMap<String, TableEntry> next = new TreeMap<>(tables);
    next.put(updated.getName(), updated);
    tables = next;
    listener.replicasChanged(existing, updated);
    return outcome(Outcome.UPDATED, updated);
  }

  private static CatalogCommandReply outcome(Outcome outcome, TableEntry table) {
    return CatalogCommandReply.newBuilder().setOutcome(outcome).setTable(table).build();
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      CatalogQuery query = RatisMessages.catalogQuery(request);
      Map<String, TableEntry> current = tables;
      CatalogQueryReply.Builder reply = CatalogQueryReply.newBuilder();
      switch (query.getQueryCase()) {
        case LIST_TABLES -> reply.addAllTables(current.values());
        case LOOKUP_TABLE -> {
          TableEntry found = current.get(query.getLookupTable().getName());
          if (found != null) {
            reply.addTables(found);
          }
        }
        case LOOKUP_NODE -> nodes.lookup(query.getLookupNode().getId()).ifPresent(reply::setNode);
        case QUERY_NOT_SET -> { }
      }
      return CompletableFuture.completedFuture(RatisMessages.toMessage(reply.build()));
    } catch (InvalidProtocolBufferException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The catalog is small: its snapshot is written in place, on the apply thread. */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex applied = getLastAppliedTermIndex();
    if (applied == null) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    CatalogSnapshot content = CatalogSnapshot.newBuilder().addAllTables(tables.values())
        .addAllNodes(nodes.all()).build();
    File file = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
    var info = SnapshotFiles.writeAtomically(file, out -> content.writeTo(out));
    publishSnapshot(new SingleFileSnapshotInfo(info, applied));
    return applied.getIndex();
  }
}
