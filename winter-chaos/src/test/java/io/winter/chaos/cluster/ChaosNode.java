package io.winter.chaos.cluster;

import io.winter.e2e.WinterProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** One Winter node of a chaos run: a real {@code bin/winter} process in a network slot. */
public final class ChaosNode {
  private final int slot;
  private final String id;
  private final WinterProcess process;
  private volatile boolean paused;

  ChaosNode(int slot, String id, WinterProcess process) {
    this.slot = slot;
    this.id = id;
    this.process = process;
  }

  public int slot() {
    return slot;
  }

  /** The node id and DNS name prefix, e.g. {@code winter-3}. */
  public String id() {
    return id;
  }

  public String host() {
    return process.host();
  }

  public int port() {
    return process.port();
  }

  public int raftPort() {
    return process.raftPort();
  }

  public int metricsPort() {
    return process.metricsPort();
  }

  public WinterProcess process() {
    return process;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  public boolean isPaused() {
    return paused;
  }

  void launch() {
    process.launch(false);
  }

  /** SIGKILL: the node dies at once, with whatever it had not written yet. */
  public void kill9() {
    if (paused) {
      resume();
    }
    if (process.isAlive()) {
      process.kill9();
    }
  }

  /** Starts the node again with its data directory (kept or wiped). */
  public void restart() {
    if (!process.isAlive()) {
      process.launch(false);
    }
  }

  /** SIGSTOP: the JVM stops dead, sockets stay open, peers see silence. */
  public void pause() {
    process.freeze();
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() {
    process.thaw();
    paused = false;
  }

  /** Deletes the data directory; the node must not be running. */
  public void wipeData() {
    if (process.isAlive()) {
      throw new IllegalStateException(id + " is running: kill it before wiping its data");
    }
    Path dir = process.dataDir();
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Graceful stop (SIGTERM), for nodes leaving the cluster. */
  public void stop() {
    if (paused) {
      resume();
    }
    if (process.isAlive()) {
      process.terminate(java.time.Duration.ofSeconds(30));
    }
  }

  @Override
  public String toString() {
    return id + "@" + host() + ":" + port();
  }
}
