package io.winter.bench.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how servers are started.
 *
 * @param workDir fresh data directories and logs go under here
 * @param winterHome the repository root holding bin/winter
 * @param winterJavaOpts WINTER_JAVA_OPTS of every Winter node
 * @param winterEnv extra settings of every Winter node (e.g. WINTER_MAX_TABLES)
 */
public record LaunchSettings(Path workDir, Path winterHome, String winterJavaOpts,
                             Map<String, String> winterEnv) {

  /** The nearest directory at or above {@code from} that holds bin/winter. */
  public static Path findWinterHome(Path from) {
    String prop = System.getProperty("winter.home");
    if (prop != null) {
      return Path.of(prop).toAbsolutePath();
    }
    for (Path d = from.toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("bin").resolve("winter"))) {
        return d;
      }
    }
    throw new IllegalStateException("no bin/winter at or above " + from + " (set -Dwinter.home)");
  }
}
