package io.winter;

import ch.qos.logback.classic.Level;
import io.winter.config.Settings;
import io.winter.config.WinterConfig;
import io.winter.logging.LogFormat;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Starts one Winter node in the foreground; SIGTERM or Ctrl-C stops it cleanly. */
public final class WinterMain {
  private static final Logger LOG = LoggerFactory.getLogger(WinterMain.class);

  private WinterMain() {}

  public static void main(String[] args) {
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
    setLogLevel(config.get(Settings.LOG_LEVEL));
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

  private static void setLogLevel(String level) {
    org.slf4j.Logger winter = LoggerFactory.getLogger("io.winter");
    if (winter instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
