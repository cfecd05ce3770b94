package io.winter.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about one benchmark command (date, command line, settings, machine), as key: value lines. */
public final class Meta {

  private Meta() {}

  public static void write(Path file, Map<String, String> facts) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringBuilder sb = new StringBuilder();
    facts.forEach((k, v) -> sb.append(k).append(": ").append(v.replace('\n', ' ')).append('\n'));
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  /** The facts of {@code file} in file order; empty if there is no file. */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int i = line.indexOf(": ");
        if (i > 0) {
          m.put(line.substring(0, i), line.substring(i + 2));
        }
      }
    }
    return m;
  }
}
