package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

  @Test
  void failsAFutureThatDoesNotCompleteInTime() {
    CompletableFuture<String> never = new CompletableFuture<>();

    assertThat(Timeouts.within(never, 50)).isSameAs(never);

    await().atMost(Duration.ofSeconds(5)).until(never::isDone);
    assertThat(never).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void leavesAFutureThatCompletesInTimeAlone() throws Exception {
    CompletableFuture<String> answered = new CompletableFuture<>();
    Timeouts.within(answered, 100);

    answered.complete("ok");

    // past the deadline, the answer stands
    CompletableFuture<String> later = Timeouts.within(new CompletableFuture<>(), 300);
    await().atMost(Duration.ofSeconds(5)).until(later::isDone);
    assertThat(answered.get()).isEqualTo("ok");
  }

  @Test
  void returnsACompletedFutureAsItIs() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("ok");

    assertThat(Timeouts.within(done, 1)).isSameAs(done);
    assertThat(done).isCompletedWithValue("ok");
  }
}
