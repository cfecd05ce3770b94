package io.winter.config;

/** JVM-wide settings a Winter process needs before any library touches them. */
public final class JvmDefaults {
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  /**
   * Ratis completes every unordered (read) reply and every follower log append with a
   * {@code *Async} call on the default executor. With a common pool of parallelism 1 (the JDK's
   * default on 2 cores) that executor starts a new thread per task, which cost a single node
   * most of its CPU under reads; a small pool runs those short tasks instead.
   */
  static final int MIN_COMMON_POOL_PARALLELISM = 4;

  private JvmDefaults() {}

  /** Sets the defaults not set on the command line; call first thing in {@code main}. */
  public static void apply() {
    String chosen = commonPoolParallelism(System.getProperty(COMMON_POOL_PARALLELISM),
        Runtime.getRuntime().availableProcessors());
    if (chosen != null) {
      System.setProperty(COMMON_POOL_PARALLELISM, chosen);
    }
  }

  /** The common pool parallelism to set, or null to keep one given explicitly. */
  static String commonPoolParallelism(String given, int processors) {
    if (given != null && !given.isBlank()) {
      return null;
    }
    return Integer.toString(Math.max(MIN_COMMON_POOL_PARALLELISM, processors));
  }
}
