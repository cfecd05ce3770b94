package io.winter.cluster;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.ratis.protocol.RaftGroupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs removals of local groups, each on a thread of its own: Ratis closes a division before
 * removing it and that close can wait without end, so one stuck removal must not hold up the
 * removal of every other dropped or moved table. A removal still running after a while is
 * reported with the stack of the thread it holds.
 */
final class GroupRemovals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupRemovals.class);
  static final long STUCK_AFTER_SECONDS = 30;

  private final AtomicInteger threadIds = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "winter-group-remover-" + threadIds.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService timer;
  private final Map<RaftGroupId, CompletableFuture<Boolean>> running = new ConcurrentHashMap<>();

  GroupRemovals(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /**
   * Starts a removal, which answers whether it removed the group; empty if a removal of the
   * same group is under way already (whoever started that one acts on its outcome).
   */
  Optional<CompletableFuture<Boolean>> start(RaftGroupId groupId, Callable<Boolean> removal) {
    CompletableFuture<Boolean> started = new CompletableFuture<>();
    if (running.putIfAbsent(groupId, started) != null) {
      return Optional.empty();
    }
    AtomicReference<Thread> runner = new AtomicReference<>();
    threads.execute(() -> {
      runner.set(Thread.currentThread());
      try {
        started.complete(removal.call());
      } catch (Exception e) {
        started.completeExceptionally(e instanceof CompletionException ? e.getCause() : e);
      } finally {
        running.remove(groupId, started);
      }
    });
    timer.schedule(() -> reportIfStuck(groupId, started, runner.get()),
        STUCK_AFTER_SECONDS, TimeUnit.SECONDS);
    return Optional.of(started);
  }

  /** The removal of the group under way, if any. */
  CompletableFuture<Boolean> running(RaftGroupId groupId) {
    return running.get(groupId);
  }

  private static void reportIfStuck(RaftGroupId groupId, CompletableFuture<Boolean> removal,
                                    Thread runner) {
    if (removal.isDone() || runner == null) {
      return;
    }
    LOG.warn("removing group {} has not finished after {} s; other removals go on. It waits in:\n"
        + "  {}", groupId, STUCK_AFTER_SECONDS, Arrays.stream(runner.getStackTrace())
        .map(StackTraceElement::toString).collect(Collectors.joining("\n  ")));
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
