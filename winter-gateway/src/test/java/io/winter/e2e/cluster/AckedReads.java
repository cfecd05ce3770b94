package io.winter.e2e.cluster;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One reader thread per node, reading acknowledged keys over and over while a test breaks
 * things, and recording every reply that is neither the acknowledged value nor an honest
 * refusal ({@code error unavailable}, {@code error timed out}, or no connection at all): a
 * {@code nil} or another value for an acknowledged key is a lost write.
 */
final class AckedReads implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> readers = new ArrayList<>();
  private final List<String> wrong = new CopyOnWriteArrayList<>();
  private final AtomicLong served = new AtomicLong();

  /** Starts reading {@code expected} ("table key" to value) through every node. */
  AckedReads(ClusterHarness cluster, Map<String, String> expected) {
    for (WinterProcess node : cluster.nodes()) {
      Thread t = new Thread(() -> read(node, Map.copyOf(expected)), "acked-reads-" + node.name());
      t.setDaemon(true);
      readers.add(t);
      t.start();
    }
  }

  private void read(WinterProcess node, Map<String, String> expected) {
    while (running.get()) {
      try (TextClient c = TextClient.connect(node.host(), node.port(), Duration.ofSeconds(15))) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
          if (!running.get()) {
            return;
          }
          String reply = c.send("GET " + e.getKey());
          if (reply.equals(e.getValue())) {
            served.incrementAndGet();
          } else if (!ClusterChecks.isUnavailable(reply) && wrong.size() < 50) {
            wrong.add("GET " + e.getKey() + " via " + node.name() + " -> '" + reply
                + "' (acknowledged '" + e.getValue() + "')");
          }
        }
      } catch (Exception | AssertionError e) {
        // the node is down or restarting: back off a little before the next connection
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
    }
  }

  /** The wrong replies seen so far (at most 50). */
  List<String> wrong() {
    return List.copyOf(wrong);
  }

  /** How many reads were answered with the acknowledged value. */
  long served() {
    return served.get();
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread t : readers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
