package io.winter.gateway;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.winter.cluster.MissingTableException;
import io.winter.cluster.WinterStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * A store whose every answer follows from the request alone, so that a reply tells which request
 * it answers: a GET echoes its table and key. Table {@code nosuch} is missing, table {@code down}
 * has no leader, and table {@code far} is not routed locally. Answers come at once, or (deferred)
 * when the test completes them, in any order it likes.
 */
final class EchoStore implements WinterStore {
  private final boolean deferred;
  /** Synchronized: a socket test's event loop adds, its test thread answers. */
  private final List<Runnable> pending = Collections.synchronizedList(new ArrayList<>());

  private EchoStore(boolean deferred) {
    this.deferred = deferred;
  }

  static EchoStore immediate() {
    return new EchoStore(false);
  }

  static EchoStore deferred() {
    return new EchoStore(true);
  }

  /** How many calls are still unanswered. */
  int pending() {
    return pending.size();
  }

  /** Answers one unanswered call, chosen at random; the answer may lead to new calls. */
  void answerOne(SplittableRandom random) {
    pending.remove(random.nextInt(pending.size())).run();
  }

  @Override
  public CompletableFuture<CreateOutcome> create(String table, int replicas) {
    return answer(table, table.startsWith("a") ? CreateOutcome.ALREADY_EXISTS
        : CreateOutcome.CREATED);
  }

  @Override
  public CompletableFuture<Boolean> drop(String table) {
    return answer(table, true);
  }

  @Override
  public CompletableFuture<List<String>> tables() {
    return answer("", List.of("a", "t"));
  }

  @Override
  public CompletableFuture<Optional<byte[]>> get(String table, byte[] key) {
    byte[] prefix = (table + "/").getBytes(US_ASCII);
    byte[] value = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, value, prefix.length, key.length);
    return answer(table, Optional.of(value));
  }

  @Override
  public CompletableFuture<Void> putNew(String table, byte[] key, byte[] value, long ttlMillis) {
    return answer(table, null);
  }

  @Override
  public CompletableFuture<Void> delete(String table, byte[] key) {
    return answer(table, null);
  }

  @Override
  public boolean resolvesLocally(String table) {
    return !"far".equals(table);
  }

  private <T> CompletableFuture<T> answer(String table, T result) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Runnable complete = switch (table) {
      case "nosuch" -> () -> future.completeExceptionally(new MissingTableException(table));
      case "down" -> () -> future.completeExceptionally(new IOException("no leader"));
      default -> () -> future.complete(result);
    };
    if (deferred) {
      pending.add(complete);
    } else {
      complete.run();
    }
    return future;
  }
}
