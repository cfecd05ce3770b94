package io.winter.cluster;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds requests in time on one timing wheel shared by the process. Every request and every
 * Raft entry arms a timeout and almost always cancels it; {@link CompletableFuture#orTimeout}
 * does both under one lock of the JDK's single scheduler thread, which the event loops and Ratis'
 * threads then contend for (about 3% of a node's CPU under write load, profiled). The wheel arms
 * and cancels through lock-free queues and ticks a few times a second; request timeouts are
 * seconds long, so its tick is far below their precision.
 */
public final class Timeouts {
  private static final long TICK_MS = 20;
  private static final HashedWheelTimer WHEEL = new HashedWheelTimer(daemon(),
      TICK_MS, TimeUnit.MILLISECONDS, 512);

  private Timeouts() {}

  /**
   * Like {@code future.orTimeout(ms)}: fails {@code future} with a {@link TimeoutException} if it
   * has not completed within {@code ms}, and returns it.
   */
  public static <T> CompletableFuture<T> within(CompletableFuture<T> future, long ms) {
    if (future.isDone()) {
      return future;
    }
    Timeout timeout = WHEEL.newTimeout(
        t -> future.completeExceptionally(new TimeoutException()), ms, TimeUnit.MILLISECONDS);
    future.whenComplete((r, e) -> timeout.cancel());
    return future;
  }

  /** Timeouts armed and neither fired nor cancelled yet (a cancelled one leaves at a tick). */
  static long pending() {
    return WHEEL.pendingTimeouts();
  }

  private static ThreadFactory daemon() {
    return task -> {
      Thread t = new Thread(task, "winter-timeouts");
      t.setDaemon(true);
      return t;
    };
  }
}
