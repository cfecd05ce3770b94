package io.winter.cluster;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * Holds a named thread of a MiniCluster's node with {@code Thread.suspend}, standing in for a
 * thread that is stuck or slow; tests that use it skip on Java 20 and later, where it throws.
 */
final class SuspendedThreads {
  private SuspendedThreads() {}

  /** Skips the calling test where {@code Thread.suspend} throws. */
  static void assumeSuspendable() {
    Assumptions.assumeTrue(Runtime.version().feature() < 20,
        "Thread.suspend, which holds a thread in this test, throws from Java 20 on");
  }

  /**
   * Suspends the named thread at a moment a frame of its stack shows it waiting for work, so
   * that it holds no lock others need; {@link #resume} it in a finally block.
   */
  @SuppressWarnings("removal")
  static Thread suspendWhileIdle(String name, Predicate<StackTraceElement> waiting)
      throws InterruptedException {
    Thread thread = await("the thread " + name).atMost(Duration.ofSeconds(10))
        .until(() -> Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(name)).findFirst(), Optional::isPresent)
        .orElseThrow();
    for (int attempt = 0; attempt < 1000; attempt++) {
      thread.suspend();
      if (Arrays.stream(thread.getStackTrace()).anyMatch(waiting)) {
        return thread;
      }
      thread.resume();
      Thread.sleep(2);
    }
    throw new AssertionError("the thread was never found waiting: " + name);
  }

  /** Lets a thread suspended by {@link #suspendWhileIdle} run again. */
  @SuppressWarnings("removal")
  static void resume(Thread thread) {
    thread.resume();
  }
}
