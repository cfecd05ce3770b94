package io.winter.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a leader's log appender that has sent its follower nothing for 30 s.
 * A running appender sends at least a heartbeat every election timeout, and when its follower
 * fails it retries every few seconds at most; one silent for that long has a stuck thread, and
 * its follower, hearing nothing, falls behind until the group's leadership moves (seen in the
 * chaos suite). The warning carries the stuck thread's stack. A restart does not free an appender
 * waiting for the answer to a snapshot install, which Ratis 3.3 waits for without a bound: its
 * successor installs again and waits the same way (seen once; docs/reliability.md).
 */
final class SilentAppenderWatch {
  private static final Logger LOG = LoggerFactory.getLogger(SilentAppenderWatch.class);
  /** How long an appender may send nothing; {@code -Dwinter.appenderSilence} for tests. */
  private static final String SILENCE_PROPERTY = "winter.appenderSilence";
  private static final Set<PromptHeartbeatAppender> WATCHED = ConcurrentHashMap.newKeySet();
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
          LOG.warn("{} sent nothing for {} ms; restarting it. Its thread: {}", appender,
              silence.toMillis(), stackOf(appender + "-"));
          appender.getLeaderState().restart(appender);
        }
      } catch (RuntimeException e) {
        LOG.warn("checking {} failed", appender, e);
      }
    }
  }

  private static String stackOf(String threadNamePrefix) {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith(threadNamePrefix))
        .map(e -> e.getKey().getName() + " " + e.getKey().getState() + Arrays.stream(
            e.getValue()).map(f -> "\n    at " + f).collect(Collectors.joining()))
        .collect(Collectors.joining("\n"));
  }
}
