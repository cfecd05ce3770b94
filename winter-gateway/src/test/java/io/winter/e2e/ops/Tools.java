package io.winter.e2e.ops;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds external programs the operations tests use when they are installed. */
final class Tools {
  private Tools() {}

  static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
