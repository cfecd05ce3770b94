package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  void cancelsTheTimeoutOfAFutureThatCompletes() {
    long before = Timeouts.pending();
    List<CompletableFuture<String>> answered = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      answered.add(Timeouts.within(new CompletableFuture<>(), 600_000));
    }

    answered.forEach(f -> f.complete("ok"));

    // uncancelled, the 10,000 timeouts would stay pending for ten minutes (other tests' may
    // come and go meanwhile, hence the margin)
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Timeouts.pending() < before + 1_000);
    assertThat(answered).allSatisfy(f -> assertThat(f).isCompletedWithValue("ok"));
  }

  @Test
  void returnsACompletedFutureAsItIs() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("ok");

    assertThat(Timeouts.within(done, 1)).isSameAs(done);
    assertThat(done).isCompletedWithValue("ok");
  }
}
