package io.winter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One real Winter node: a {@code bin/winter} process with its own ports and data directory.
 *
 * <p>Every process started here is registered so that {@link WinterLogsOnFailure} can print its
 * log tail when a test fails, and a JVM shutdown hook kills whatever is still alive, so no node
 * outlives the test JVM even when cleanup code never runs.
 */
public final class WinterProcess implements AutoCloseable {

  /** Exit status of a JVM killed by SIGKILL (128 + 9). */
  public static final int SIGKILL_EXIT = 137;

  private static final Duration START_TIMEOUT =
      Duration.ofSeconds(Long.getLong("winter.e2e.startTimeoutSec", 90));
  private static final String JAVA_OPTS =
      System.getProperty("winter.e2e.javaOpts", "-Xmx512m -XX:+UseSerialGC");

  private static final List<WinterProcess> ALL = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> ALL.forEach(WinterProcess::killQuietly), "winter-e2e-reaper"));
  }

  private final String name;
  private final Path baseDir;
  private final Path dataDir;
  private final String host;
  private final int port;
  private final int raftPort;
  private final List<String> commandPrefix;
  private final Map<String, String> env;
  private final List<Path> logs = new ArrayList<>();
  private volatile Process process;

  private WinterProcess(String name, Path baseDir, Map<String, String> extraEnv) {
    this(name, baseDir, "127.0.0.1", freePort(), freePort(), List.of(), extraEnv);
  }

  private WinterProcess(String name, Path baseDir, String host, int port, int raftPort,
                        List<String> commandPrefix, Map<String, String> extraEnv) {
    this.name = name;
    this.baseDir = baseDir;
    this.dataDir = baseDir.resolve("data");
    this.host = host;
    this.port = port;
    this.raftPort = raftPort;
    this.commandPrefix = List.copyOf(commandPrefix);
    Map<String, String> e = new LinkedHashMap<>();
    e.put("RECEPTOR_PORT", Integer.toString(port));
    e.put("WINTER_RAFT_PORT", Integer.toString(raftPort));
    e.put("WINTER_DATA_DIR", dataDir.toString());
    e.put("WINTER_BIND", "127.0.0.1");
    e.put("WINTER_JAVA_OPTS", JAVA_OPTS);
    // every node its own metrics port, so nodes of one test never collide on the default
    e.put("WINTER_METRICS_PORT", Integer.toString(freePort()));
    e.putAll(extraEnv);
    this.env = Map.copyOf(e);
  }

  /** Starts a node with default settings, data and logs under {@code baseDir}. */
  public static WinterProcess start(Path baseDir) {
    return start(baseDir, Map.of());
  }

  /** Starts a node with extra environment settings (e.g. {@code WINTER_MAX_LINE_BYTES}). */
  public static WinterProcess start(Path baseDir, Map<String, String> extraEnv) {
    try {
      Files.createDirectories(baseDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    WinterProcess p = new WinterProcess(baseDir.getFileName().toString(), baseDir, extraEnv);
    ALL.add(p);
    p.launch();
    return p;
  }

  /**
   * Prepares a node without starting it (for clusters, whose ports are all chosen before any
   * node starts): it listens on {@code host}, and runs as {@code commandPrefix + bin/winter}
   * (e.g. {@code ip netns exec ns}). Start it with {@link #launch(boolean)}.
   */
  public static WinterProcess prepare(Path baseDir, String host, int port, int raftPort,
                                      List<String> commandPrefix, Map<String, String> extraEnv) {
    try {
      Files.createDirectories(baseDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    WinterProcess p = new WinterProcess(baseDir.getFileName().toString(), baseDir, host, port,
        raftPort, commandPrefix, extraEnv);
    ALL.add(p);
    return p;
  }

  /** The repository root: the nearest directory at or above {@code user.dir} holding bin/winter. */
  public static Path repoRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("bin").resolve("winter"))) {
        return d;
      }
    }
    throw new IllegalStateException("no bin/winter found at or above " + dir);
  }

  /** A port that was free a moment ago on 127.0.0.1, never handed out twice in this JVM. */
  public static int freePort() {
    return io.winter.testing.FreePorts.next();
  }

  private void launch() {
    launch(true);
  }

  /**
   * Starts the process (it must not be running); with {@code awaitReady}, waits until it
   * answers PING, else returns at once (then call {@link #awaitReady()}).
   */
  public void launch(boolean awaitReady) {
    if (isAlive()) {
      throw new IllegalStateException("node " + name + " is already running");
    }
    Path log = baseDir.resolve("winter-" + (logs.size() + 1) + ".log");
    logs.add(log);
    // -Dwinter.e2e.command=/path/to/other/launcher runs the suite against another build
    Path script = Path.of(System.getProperty("winter.e2e.command",
        repoRoot().resolve("bin").resolve("winter").toString()));
    List<String> command = new ArrayList<>(commandPrefix);
    command.add(script.toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(repoRoot().toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    if (awaitReady) {
      awaitReady();
    }
  }

  /** Waits until the running process answers PING (fails if it exits first). */
  public void awaitReady() {
    Process p = process;
    try {
      await("node " + name + " answering PING on port " + port)
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> {
            if (!p.isAlive()) {
              throw new IllegalStateException(
                  "node " + name + " exited with status " + p.exitValue() + " before answering PING");
            }
            try (TextClient c = TextClient.connect(host, port, Duration.ofSeconds(2))) {
              return "pong".equals(c.send("PING"));
            } catch (AssertionError e) {
              // a node starting on a loaded machine may pause (GC, class loading) for seconds
              if (e.getCause() instanceof java.net.SocketTimeoutException) {
                return false;
              }
              throw e;
            }
          });
    } catch (RuntimeException | Error e) {
      System.err.println(describe(120));
      throw e;
    }
  }

  /**
   * Waits until {@code /readyz} answers 200, as Kubernetes does before it restarts the next
   * pod of a rolling update.
   */
  public void awaitReadyz(Duration atMost) {
    await("node " + name + " answering 200 on /readyz").atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> Http.get(host, metricsPort(), "/readyz", Duration.ofSeconds(2))
            .statusCode() == 200);
  }

  public int port() {
    return port;
  }

  /** The address the node's client port listens on. */
  public String host() {
    return host;
  }

  public String name() {
    return name;
  }

  /** The port of the node's /metrics, /livez and /readyz. */
  public int metricsPort() {
    return Integer.parseInt(env.get("WINTER_METRICS_PORT"));
  }

  public int raftPort() {
    return raftPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** A new client connection to this node. */
  public TextClient client() {
    try {
      return TextClient.connect(host, port, TextClient.READ_TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to node " + name + " on " + host + ":" + port, e);
    }
  }

  /** Sends one command on a fresh connection and returns the reply. */
  public String sendOnce(String line) {
    try (TextClient c = client()) {
      return c.send(line);
    }
  }

  /**
   * Simulates a crash: SIGKILL (Process.destroyForcibly is kill(pid, SIGKILL) on Linux), first
   * to any descendants, then the node itself, and checks the exit status is that of SIGKILL.
   */
  public void kill9() {
    Process p = process;
    assertThat(p.isAlive()).as("node %s alive before kill -9", name).isTrue();
    List<ProcessHandle> descendants = p.descendants().collect(Collectors.toList());
    descendants.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    int status = waitForExit(p, Duration.ofSeconds(15));
    assertThat(status).as("exit status of node %s after SIGKILL", name).isEqualTo(SIGKILL_EXIT);
    descendants.forEach(d -> d.onExit().orTimeout(15, TimeUnit.SECONDS).join());
  }

  /**
   * Freezes the node (SIGSTOP to it and its descendants): its sockets stay open and the kernel
   * still accepts connections to them, but nothing answers, as when a node stalls or its
   * network drops packets. {@link #thaw} lets it run again.
   */
  public void freeze() {
    signal("STOP");
  }

  /** Lets a frozen node run again (SIGCONT). */
  public void thaw() {
    signal("CONT");
  }

  /** Signals the node and its descendants; a node that is no longer running is left alone. */
  private void signal(String signal) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    p.descendants().forEach(d -> command.add(Long.toString(d.pid())));
    command.add(Long.toString(p.pid()));
    try {
      Process kill = new ProcessBuilder(command).inheritIO().start();
      boolean sent = kill.waitFor(15, TimeUnit.SECONDS) && kill.exitValue() == 0;
      // a node that died meanwhile (a chaos run's kill) cannot be signalled, and need not be
      assertThat(sent || !p.isAlive()).as("kill -%s of node %s", signal, name).isTrue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Graceful stop: SIGTERM, then asserts the node exits with status 0 within 15 s. */
  public void terminate() {
    long t0 = System.nanoTime();
    int status = terminate(Duration.ofSeconds(15));
    assertThat(status).as("exit status of node %s after SIGTERM (took %d ms)", name,
        (System.nanoTime() - t0) / 1_000_000).isZero();
  }

  /**
   * Graceful stop: SIGTERM (Process.destroy), waits up to {@code timeout} and returns the exit
   * status. Fails if the node is still running after the timeout (then kills it).
   */
  public int terminate(Duration timeout) {
    Process p = process;
    assertThat(p.isAlive()).as("node %s alive before SIGTERM", name).isTrue();
    p.destroy();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killQuietly();
        throw new AssertionError("node " + name + " still running " + timeout + " after SIGTERM");
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts the node again with the same ports, settings and data directory. */
  public void restart() {
    if (isAlive()) {
      throw new IllegalStateException("node " + name + " is still running; stop it first");
    }
    launch();
  }

  private static int waitForExit(Process p, Duration timeout) {
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("process " + p.pid() + " did not exit within " + timeout);
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void killQuietly() {
    Process p = process;
    if (p == null) {
      return;
    }
    try {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException ignored) {
      // best effort
    }
  }

  /** Kills the node (if running). Always safe to call, also twice. */
  @Override
  public void close() {
    killQuietly();
  }

  /** The last {@code lines} lines of every log of this node, with a header. */
  public String describe(int lines) {
    StringBuilder sb = new StringBuilder();
    sb.append("==== Winter node ").append(name)
        .append(" host=").append(host).append(" port=").append(port).append(" raftPort=").append(raftPort)
        .append(" alive=").append(isAlive()).append(" env=").append(env).append('\n');
    for (Path log : logs) {
      sb.append("---- tail of ").append(log).append('\n');
      try {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
      } catch (IOException | UncheckedIOException e) {
        sb.append("(cannot read: ").append(e).append(")\n");
      }
    }
    return sb.toString();
  }

  /** Every line this node has logged so far, over all its starts, in order. */
  public List<String> logLines() {
    List<String> lines = new ArrayList<>();
    for (Path log : logs) {
      try {
        lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  /** Copies this node's logs to {@code dir} (they live in a temp dir that JUnit deletes). */
  void copyLogsTo(Path dir) {
    try {
      Files.createDirectories(dir);
      for (Path log : logs) {
        if (Files.exists(log)) {
          Files.copy(log, dir.resolve(name + "-" + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      System.err.println("cannot keep logs of " + name + ": " + e);
    }
  }

  static List<WinterProcess> all() {
    return List.copyOf(ALL);
  }

  static void forget(WinterProcess p) {
    ALL.remove(p);
  }

  @Override
  public String toString() {
    return "WinterProcess[" + name + ", port " + port + "]";
  }
}
