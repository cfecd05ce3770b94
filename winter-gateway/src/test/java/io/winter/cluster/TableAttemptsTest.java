package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import io.winter.statemachine.RatisMessages;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.junit.jupiter.api.Test;

/**
 * The retries of one table command, with the group's answers scripted: what a write may answer
 * when the table is dropped between its tries. A sealed group's answer is exact, since the
 * table remembers which request ids it applied; a group gone after a try of unknown outcome
 * leaves nothing to ask (the second 30-minute chaos run of 2026-12-04 found a retried PUTNEW
 * answering {@code missing table} although its first try had stored the value before the DROP).
 */
class TableAttemptsTest {
  private static final TableEntry TABLE = TableEntry.newBuilder()
      .setName("life0e7")
      .setGroupId(RatisMessages.bytesOf(RaftClients.newGroupIdBytes()))
      .addReplicas(Peer.newBuilder().setId("winter-0").setAddress("127.0.0.1:1"))
      .setReplication(1)
      .build();

  private final AtomicInteger lookups = new AtomicInteger();
  private final TableAttempts attempts = new TableAttempts(name -> {
    lookups.incrementAndGet();
    return CompletableFuture.completedFuture(null); // the catalog's leader: no such table now
  }, id -> { });

  @Test
  void aWriteRetriedIntoTheSealedTableAnswersMissingTable() {
    Throwable failure = run(true, new AlreadyClosedException("leader changed: reply lost"),
        new MissingTableException("life0e7"));

    assertThat(failure).isInstanceOf(MissingTableException.class);
  }

  @Test
  void aWriteWhoseGroupIsGoneAfterAnUnknownOutcomeNeverAnswersMissingTable() {
    Throwable failure = run(true, new AlreadyClosedException("leader changed: reply lost"),
        new GroupMismatchException("group removed"));

    assertThat(failure).isInstanceOf(TimeoutException.class)
        .hasMessageContaining("may have taken effect");
  }

  @Test
  void aWriteThatOnlyMeetsAGoneGroupAnswersMissingTable() {
    Throwable failure = run(true, new GroupMismatchException("group removed"));

    assertThat(failure).isInstanceOf(MissingTableException.class);
    assertThat(lookups).as("the catalog's leader was asked for a newer table").hasValue(1);
  }

  @Test
  void aRetryThatMeetsTheDroppedTablePastItsDeadlineAnswersMissingTable() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    CompletableFuture<String> outcome = attempts.attempt("life0e7", TABLE, entry ->
            tries.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new AlreadyClosedException("reply lost"))
                : CompletableFuture.supplyAsync(() -> {
                  throw new MissingTableException("life0e7");
                }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)),
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100), TableAttempts.mayHaveApplied(true));

    assertThat(outcome).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
        .havingRootCause().isInstanceOf(MissingTableException.class);
    assertThat(tries).hasValue(2);
  }

  @Test
  void aWriteWhoseFirstTryMeetsTheDroppedTableAnswersMissingTable() {
    Throwable failure = run(true, new MissingTableException("life0e7"));

    assertThat(failure).isInstanceOf(MissingTableException.class);
    assertThat(lookups).as("the catalog's leader was asked for a newer table").hasValue(1);
  }

  @Test
  void aReadRetriedIntoTheDroppedTableAnswersMissingTable() {
    Throwable failure = run(false, new AlreadyClosedException("leader changed"),
        new MissingTableException("life0e7"));

    assertThat(failure).isInstanceOf(MissingTableException.class);
  }

  /** Runs a command whose tries fail with the given errors in turn; returns the final error. */
  private Throwable run(boolean write, Exception... tries) {
    Deque<Exception> script = new ArrayDeque<>(java.util.List.of(tries));
    CompletableFuture<String> outcome = attempts.attempt("life0e7", TABLE,
        entry -> CompletableFuture.failedFuture(script.isEmpty()
            ? new AssertionError("tried once more than scripted") : script.poll()),
        System.nanoTime() + TimeUnit.SECONDS.toNanos(10), TableAttempts.mayHaveApplied(write));
    try {
      outcome.get(10, TimeUnit.SECONDS);
      throw new AssertionError("the command succeeded");
    } catch (ExecutionException e) {
      assertThat(script).as("every scripted try was made").isEmpty();
      return Causes.unwrap(e);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("the command did not finish", e);
    }
  }
}
