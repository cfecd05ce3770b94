package io.winter.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerRpc;
import org.apache.ratis.server.RaftServerRpcWithProxy;
import org.apache.ratis.util.PeerProxyMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts, on a new connection to its follower, a leader's log appender that has sent that
 * follower nothing for 30 s.
 * A running appender sends at least a heartbeat every election timeout, and when its follower
 * fails it retries every few seconds at most; one silent for that long is stuck, and its follower,
 * hearing nothing, falls behind until the group's leadership moves (seen in the chaos suite). The
 * warning carries the stuck thread's stack.
 *
 * <p>Why the new connection: in the chaos suite the appender was stuck because the leader's
 * connection to that follower took no new call (after the follower had been killed and stopped
 * by SIGSTOP): each new append stream stayed not ready, and each snapshot install was never
 * answered, Ratis 3.3 waiting for both without a bound. A restart alone opened its streams on the
 * same connection and stuck the same way (docs/reliability.md). Closing the connection (Ratis'
 * proxy to the follower, shared by the server's groups) cancels what is stuck on it; every
 * appender to that follower then opens its streams on a new one.
 */
final class SilentAppenderWatch {
  private static final Logger LOG = LoggerFactory.getLogger(SilentAppenderWatch.class);
  /** How long an appender may send nothing; {@code -Dwinter.appenderSilence} for tests. */
  private static final String SILENCE_PROPERTY = "winter.appenderSilence";
  private static final Set<PromptHeartbeatAppender> WATCHED = ConcurrentHashMap.newKeySet();
  /** Closing a connection waits up to 5 s for its calls: not on the timer's thread. */
  private static final ExecutorService RENEWALS = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "winter-appender-renewal");
    t.setDaemon(true);
    return t;
  });
  /** When each server's connection to each follower was last made new. */
  private static final Map<PeerProxyMap<?>, Map<RaftPeerId, Long>> RENEWED = new WeakHashMap<>();
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "winter-appender-watch");
        t.setDaemon(true);
        return t;
      });

  static {
    TIMER.scheduleWithFixedDelay(SilentAppenderWatch::check, 1, 1, TimeUnit.SECONDS);
  }

  private SilentAppenderWatch() {}

  static void watch(PromptHeartbeatAppender appender) {
    WATCHED.add(appender);
  }

  static void unwatch(PromptHeartbeatAppender appender) {
    WATCHED.remove(appender);
  }

  private static void check() {
    Duration silence = Duration.parse(System.getProperty(SILENCE_PROPERTY, "PT30S"));
    for (PromptHeartbeatAppender appender : WATCHED) {
      try {
        if (!appender.isRunning()) {
          WATCHED.remove(appender); // its leader stepped down or the server closed
        } else if (appender.silentFor(silence) && WATCHED.remove(appender)) {
          LOG.warn("{} sent nothing for {} ms; restarting it on a new connection. Its thread: {}",
              appender, silence.toMillis(), stackOf(appender + "-"));
          RENEWALS.execute(() -> restartOnNewConnection(appender, silence));
        }
      } catch (RuntimeException e) {
        LOG.warn("checking {} failed", appender, e);
      }
    }
  }

  private static void restartOnNewConnection(PromptHeartbeatAppender appender, Duration silence) {
    try {
      RaftServerRpc rpc = appender.getServer().getRaftServer().getServerRpc();
      if (rpc instanceof RaftServerRpcWithProxy<?, ?> withProxies) {
        PeerProxyMap<?> proxies = withProxies.getProxies();
        if (claimRenewal(proxies, appender.getFollowerId(), silence)) {
          proxies.resetProxy(appender.getFollowerId());
        }
      }
      appender.getLeaderState().restart(appender);
    } catch (RuntimeException e) {
      LOG.warn("restarting {} failed", appender, e);
    }
  }

  /**
   * Records a renewal of the connection to this follower now and returns true, unless one was
   * recorded within {@code silence}: a wedged connection silences every appender to that
   * follower at once, and one renewal frees them all.
   */
  static synchronized boolean claimRenewal(PeerProxyMap<?> proxies, RaftPeerId follower, Duration silence) {
    long now = System.nanoTime();
    Map<RaftPeerId, Long> renewed = RENEWED.computeIfAbsent(proxies, p -> new HashMap<>());
    Long last = renewed.get(follower);
    if (last != null && now - last < silence.toNanos()) {
      return false;
    }
    renewed.put(follower, now);
    return true;
  }

  private static String stackOf(String threadNamePrefix) {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith(threadNamePrefix))
        .map(e -> e.getKey().getName() + " " + e.getKey().getState() + Arrays.stream(
            e.getValue()).map(f -> "\n    at " + f).collect(Collectors.joining()))
        .collect(Collectors.joining("\n"));
  }
}
