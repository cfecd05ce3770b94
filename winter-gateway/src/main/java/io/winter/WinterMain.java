package io.winter;

import ch.qos.logback.classic.Level;
import io.winter.config.Settings;
import io.winter.config.WinterConfig;
import io.winter.logging.LogFormat;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Starts one Winter node in the foreground; SIGTERM or Ctrl-C stops it cleanly. */
public final class WinterMain {
  /** Well within the grace a pod gets to stop (60 s in deploy/) and the 30 s tests allow. */
  private static final long STOP_LIMIT_MS = 20_000;

  private static final Logger LOG = LoggerFactory.getLogger(WinterMain.class);

  private WinterMain() {}

  /**
   * Ratis completes read replies with {@code *Async} calls on the JDK's default executor; with
   * fewer than 3 cores that executor starts a thread per task (hundreds per second under
   * reads), so the node gets a common pool unless the JVM options already size it.
   */
  private static void widenCommonPool() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null) {
      System.setProperty(key, "64");
    }
  }

  public static void main(String[] args) {
    widenCommonPool();
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.print(WinterConfig.help());
      return;
    }
    WinterConfig config;
    try {
      config = WinterConfig.load(arguments, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("winter: " + e.getMessage());
      System.err.println("Run bin/winter --help for the settings.");
      System.exit(2);
      return;
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    applyLogLevels(config);
    LogFormat.apply(config.get(Settings.LOG_FORMAT));
    config.warnings().forEach(w -> LOG.warn("{}", w));
    LOG.info("settings: {}", config.describe());

    WinterNode node;
    try {
      node = WinterNode.start(config);
    } catch (Exception e) {
      LOG.error("Winter failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      haltIfStuck(Thread.currentThread());
      node.close();
      LOG.info("stopped");
      stopped.countDown();
      // A requested stop that completed is a success: exit 0 rather than the JVM's 143.
      Runtime.getRuntime().halt(0);
    }, "winter-shutdown"));
    LOG.info("Winter is ready: text protocol on {}", node.clientAddress());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Ends the process if a stop does not finish in time: a Raft replica that Ratis left
   * half-closed makes closing the server wait for good, and a node must still stop when asked.
   * Nothing acknowledged is lost: every acknowledged entry is on disk already.
   */
  private static void haltIfStuck(Thread stopping) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(STOP_LIMIT_MS);
      } catch (InterruptedException e) {
        return;
      }
      LOG.error("stopping did not finish in {} ms; exiting without waiting. It waits in:\n  {}",
          STOP_LIMIT_MS, Arrays.stream(stopping.getStackTrace())
              .map(StackTraceElement::toString)
              .collect(Collectors.joining("\n  ")));
      Runtime.getRuntime().halt(1);
    }, "winter-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** WINTER_LOG_LEVEL for Winter's own loggers, WINTER_RATIS_LOG_LEVEL for Ratis' server. */
  static void applyLogLevels(WinterConfig config) {
    setLogLevel("io.winter", config.get(Settings.LOG_LEVEL), Level.INFO);
    setLogLevel("org.apache.ratis.server", config.get(Settings.RATIS_LOG_LEVEL), Level.WARN);
  }

  private static void setLogLevel(String logger, String level, Level fallback) {
    if (LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.toLevel(level, fallback));
    }
  }
}
