package io.winter.cluster;

import io.winter.proto.CatalogCommand;
import io.winter.proto.CatalogCommandReply;
import io.winter.proto.CatalogQuery;
import io.winter.proto.CatalogQueryReply;
import io.winter.statemachine.RatisMessages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;

/**
 * This node's calls to the catalog group: entries of its log and linearizable queries, retried
 * while it is between leaders, each bounded by the request timeout.
 */
final class CatalogCalls {
  private final RaftNode node;
  private final RaftClients clients;
  private final long requestTimeoutMs;

  CatalogCalls(RaftNode node, RaftClients clients, long requestTimeoutMs) {
    this.node = node;
    this.clients = clients;
    this.requestTimeoutMs = requestTimeoutMs;
  }

  CompletableFuture<CatalogCommandReply> write(CatalogCommand command) {
    if (!node.hasCatalog() || node.catalogPeers().isEmpty()) {
      return notJoined();
    }
    return healing(RaftCalls.duringElections(() -> client().async()
        .send(RatisMessages.toMessage(command))
        .thenApply(reply -> RaftCalls.parse(reply, RatisMessages::catalogCommandReply)),
        deadline()));
  }

  CompletableFuture<CatalogQueryReply> query(CatalogQuery query) {
    if (!node.hasCatalog() || node.catalogPeers().isEmpty()) {
      return notJoined();
    }
    return healing(RaftCalls.duringElections(() -> clients.reads(node.catalogGroup(),
            node.knownLeader(RaftNode.CATALOG_GROUP_ID)).async()
        .sendReadOnlyUnordered(RatisMessages.toMessage(query))
        .thenApply(reply -> RaftCalls.parse(reply, RatisMessages::catalogQueryReply)),
        deadline()));
  }

  /**
   * A call that fails (timeout, retries exhausted, a member without the group yet) replaces
   * the catalog's Raft client, as table commands do: a node's first catalog calls come as soon
   * as it founds or joins, while other members may not host the group yet, and a client that
   * failed then could stay stuck.
   */
  private <T> CompletableFuture<T> healing(CompletableFuture<T> call) {
    return call.orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
      if (e != null && Causes.has(e, GroupMismatchException.class)) {
        clients.mismatched(RaftNode.CATALOG_GROUP_ID);
      } else if (e != null) {
        clients.forget(RaftNode.CATALOG_GROUP_ID);
      }
    });
  }

  private static <T> CompletableFuture<T> notJoined() {
    return CompletableFuture.failedFuture(
        new NodeNotReadyException("this node has not joined the cluster yet"));
  }

  private RaftClient client() {
    return clients.get(node.catalogGroup());
  }

  private long deadline() {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
  }
}
