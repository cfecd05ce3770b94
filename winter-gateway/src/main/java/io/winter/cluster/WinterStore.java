package io.winter.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The replicated store as the gateway sees it: every operation completes once its Raft group
 * has answered. Table operations on an unknown table fail with {@link MissingTableException}.
 */
public interface WinterStore {
  /** What a CREATE came to. */
  enum CreateOutcome { CREATED, ALREADY_EXISTS, LIMIT_REACHED }

  /** Creates a table with the given number of replicas (0: the node's default). */
  CompletableFuture<CreateOutcome> create(String table, int replicas);

  /** True if the table was dropped, false if there was no such table. */
  CompletableFuture<Boolean> drop(String table);

  /** Every table name, sorted. */
  CompletableFuture<List<String>> tables();

  CompletableFuture<Optional<byte[]>> get(String table, byte[] key);

  /** Completes once the put-if-absent is committed and applied. */
  CompletableFuture<Void> putNew(String table, byte[] key, byte[] value, long ttlMillis);

  CompletableFuture<Void> delete(String table, byte[] key);

  /**
   * Whether this node can route commands of the table without asking the catalog's leader; when
   * it cannot, a connection lets the command finish before sending later ones, so its commands
   * keep their order.
   */
  boolean resolvesLocally(String table);
}
