package io.winter.chaos.nemesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The run's fault schedule as it happened: timestamped lines, printed and kept for the report. */
public final class FaultLog {
  private final long startNanos;
  private final Path file;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);

  public FaultLog(long startNanos, Path file) {
    this.startNanos = startNanos;
    this.file = file;
  }

  /** Logs a line, e.g. {@code kill -9 winter-1 (leader of chaos0)}. */
  public void log(String what) {
    String line = String.format("t=%7.1fs  %s", (System.nanoTime() - startNanos) / 1e9, what);
    lines.add(line);
    System.out.println("chaos: " + line);
    try {
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts one injected fault of a kind. */
  public synchronized void injected(FaultKind kind) {
    injected.merge(kind, 1, Integer::sum);
  }

  public synchronized Map<FaultKind, Integer> injectedCounts() {
    return new EnumMap<>(injected.isEmpty() ? Map.of() : injected);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }
}
