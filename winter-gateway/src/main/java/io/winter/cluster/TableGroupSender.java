package io.winter.cluster;

import io.winter.proto.TableCommand;
import io.winter.proto.TableCommandReply;
import io.winter.proto.TableEntry;
import io.winter.proto.TableQuery;
import io.winter.proto.TableQueryReply;
import io.winter.statemachine.RatisMessages;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * Sends a table's commands and queries to its group, and keeps what this node holds per table
 * group to do so: the group's batcher (concurrent PUTNEWs and DELETEs become one entry, GETs one
 * read) and the local leader's write order. A request goes to this node's replica in-process
 * when it leads the group, else through the table's Raft client.
 */
final class TableGroupSender {
  /** Gathers concurrent commands of a table (see TableBatcher); -Dwinter.batching=false: off. */
  private final boolean batching =
      Boolean.parseBoolean(System.getProperty("winter.batching", "true"));
  private final Map<RaftGroupId, TableBatcher> batchers = new ConcurrentHashMap<>();
  private final RaftClients clients;
  private final LocalLeader localLeader;
  private final long requestTimeoutMs;

  TableGroupSender(RaftNode node, RaftClients clients, long requestTimeoutMs) {
    this.clients = clients;
    this.requestTimeoutMs = requestTimeoutMs;
    this.localLeader = new LocalLeader(node::server, requestTimeoutMs);
  }

  /** Sends a command: a PUTNEW or DELETE with the group's next batch, others alone. */
  CompletableFuture<TableCommandReply> send(TableEntry table, TableCommand command) {
    if (batching && (command.hasPutNew() || command.hasDelete())) {
      return batcher(table).write(table, command);
    }
    return sendAlone(table, command);
  }

  /** Sends a query as a linearizable read: a GET with the group's next read batch. */
  CompletableFuture<TableQueryReply> read(TableEntry table, TableQuery query) {
    return batching && query.hasGet()
        ? batcher(table).read(table, query)
        : readAlone(table, query);
  }

  private CompletableFuture<TableCommandReply> sendAlone(TableEntry table, TableCommand command) {
    Message message = RatisMessages.toMessage(command);
    return localLeader.write(RaftClients.groupId(table), message,
            () -> clients.table(table).async().send(message))
        .thenApply(reply -> RaftCalls.parse(reply, RatisMessages::tableCommandReply));
  }

  private CompletableFuture<TableQueryReply> readAlone(TableEntry table, TableQuery query) {
    Message message = RatisMessages.toMessage(query);
    return localLeader.read(RaftClients.groupId(table), message,
            leader -> clients.reads(RaftClients.toGroup(table), leader).async()
                .sendReadOnlyUnordered(message))
        .thenApply(reply -> RaftCalls.parse(reply, RatisMessages::tableQueryReply));
  }

  /** The groups this node keeps a batcher or a write order for. */
  Set<RaftGroupId> trackedGroups() {
    Set<RaftGroupId> tracked = new HashSet<>(batchers.keySet());
    tracked.addAll(localLeader.groups());
    return tracked;
  }

  /** Drops what this node keeps for a dropped table's group. */
  void forget(RaftGroupId group) {
    batchers.remove(group);
    localLeader.forget(group);
  }

  /** The batcher of the table's group on this node (gathers concurrent PUTNEWs, DELETEs, GETs). */
  private TableBatcher batcher(TableEntry table) {
    return batchers.computeIfAbsent(RaftClients.groupId(table),
        id -> new TableBatcher(this::sendAlone, this::readAlone, requestTimeoutMs));
  }
}
