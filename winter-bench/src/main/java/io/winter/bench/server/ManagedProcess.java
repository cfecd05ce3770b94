package io.winter.bench.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A server process started by the harness: output to a log file, stopped by its PID. */
public final class ManagedProcess {

  private static final List<ManagedProcess> ALL = new CopyOnWriteArrayList<>();

  static {
    // no server outlives the harness, even when it is interrupted
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(ManagedProcess::kill),
        "bench-reaper"));
  }

  private final String name;
  private final Path log;
  private final Process process;

  private ManagedProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code command} in {@code dir} with extra {@code env}, output appended to {@code log}. */
  public static ManagedProcess start(String name, List<String> command, Map<String, String> env,
                                     Path dir, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    ManagedProcess p = new ManagedProcess(name, log, pb.start());
    ALL.add(p);
    return p;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String name() {
    return name;
  }

  /** Fails with the log's tail when the process has exited. */
  public void checkAlive() throws IOException {
    if (!process.isAlive()) {
      throw new IOException(name + " (pid " + pid() + ") exited with status " + process.exitValue()
          + "; log tail:\n" + tail(40));
    }
  }

  /** The last {@code lines} lines of the log. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** SIGTERM to this PID, then SIGKILL if it has not exited within 20 s. */
  public void stop() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
    ALL.remove(this);
  }

  private void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
