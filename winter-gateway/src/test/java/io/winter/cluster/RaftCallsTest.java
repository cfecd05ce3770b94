package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.junit.jupiter.api.Test;

class RaftCallsTest {

  @Test
  void aWriteRefusedByALeaderHandingOverIsTriedAgain() throws Exception {
    // a CREATE or LeaderBalancer hands leadership over; Ratis' client returns the refusal
    AtomicInteger tries = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    CompletableFuture<String> answered = RaftCalls.duringElections(() -> tries.incrementAndGet() < 3
        ? CompletableFuture.failedFuture(new java.util.concurrent.CompletionException(
            new LeaderSteppingDownException("n1@group-1 is stepping down")))
        : CompletableFuture.completedFuture("ok"), deadline);
    assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(tries).hasValue(3);
  }

  @Test
  void anElectionIsWaitedOutAndAnyOtherFailureReturnsAtOnce() throws Exception {
    RaftGroupMemberId member = RaftGroupMemberId.valueOf(RaftPeerId.valueOf("n1"),
        RaftGroupId.randomId());
    AtomicInteger tries = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    CompletableFuture<String> answered = RaftCalls.duringElections(() -> tries.incrementAndGet() < 4
        ? CompletableFuture.failedFuture(new LeaderNotReadyException(member))
        : CompletableFuture.completedFuture("answer"), deadline);
    assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo("answer");
    assertThat(tries).hasValue(4);

    AtomicInteger failedTries = new AtomicInteger();
    CompletableFuture<String> failed = RaftCalls.duringElections(() -> {
      failedTries.incrementAndGet();
      return CompletableFuture.failedFuture(new IOException("disk full"));
    }, deadline);
    assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk full");
    assertThat(failedTries).hasValue(1);
  }

  @Test
  void untilChecksAgainUntilTheConditionHoldsAndGivesUpAtTheDeadline() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    RaftCalls.until(() -> checks.incrementAndGet() == 3, 1, later).get(5, TimeUnit.SECONDS);
    assertThat(checks).hasValue(3);

    AtomicInteger hopeless = new AtomicInteger();
    long soon = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    RaftCalls.until(() -> hopeless.incrementAndGet() < 0, 1, soon).get(5, TimeUnit.SECONDS);
    assertThat(System.nanoTime()).isGreaterThanOrEqualTo(soon);
    assertThat(hopeless.get()).isGreaterThan(1);
  }
}
