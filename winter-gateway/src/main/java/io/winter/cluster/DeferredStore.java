package io.winter.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The store of a node that may still be forming or joining its cluster: until the real store
 * is handed over, every command is answered with an "unavailable" error saying why.
 */
public final class DeferredStore implements WinterStore {
  private volatile WinterStore ready;
  private volatile String waitingFor = "the node is starting";

  /** Says what the node waits for, for the error replies until it is ready. */
  public void waitingFor(String reason) {
    this.waitingFor = reason;
  }

  /** What the node waits for, as the error replies say it. */
  public String waitingFor() {
    return waitingFor;
  }

  public void ready(WinterStore store) {
    this.ready = store;
  }

  private <T> CompletableFuture<T> run(Function<WinterStore, CompletableFuture<T>> op) {
    WinterStore store = ready;
    if (store == null) {
      return CompletableFuture.failedFuture(new NodeNotReadyException(waitingFor));
    }
    return op.apply(store);
  }

  @Override
  public CompletableFuture<CreateOutcome> create(String table, int replicas) {
    return run(s -> s.create(table, replicas));
  }

  @Override
  public CompletableFuture<Boolean> drop(String table) {
    return run(s -> s.drop(table));
  }

  @Override
  public CompletableFuture<List<String>> tables() {
    return run(WinterStore::tables);
  }

  @Override
  public CompletableFuture<Optional<byte[]>> get(String table, byte[] key) {
    return run(s -> s.get(table, key));
  }

  @Override
  public CompletableFuture<Void> putNew(String table, byte[] key, byte[] value, long ttlMillis) {
    return run(s -> s.putNew(table, key, value, ttlMillis));
  }

  @Override
  public CompletableFuture<Void> delete(String table, byte[] key) {
    return run(s -> s.delete(table, key));
  }

  @Override
  public boolean resolvesLocally(String table) {
    WinterStore store = ready;
    return store == null || store.resolvesLocally(table);
  }
}
