package io.winter.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterProcess;
import io.winter.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Assertions over several nodes of a cluster. */
final class ClusterChecks {

  private ClusterChecks() {}

  /** Whether a node's {@code /debug/replicas} page shows it leading the group of that line. */
  static boolean leads(String replicasPage, String linePrefix) {
    return replicasPage.lines()
        .anyMatch(l -> l.startsWith(linePrefix) && l.contains(" role=leader "));
  }

  /** The index of the node whose replica of the table leads its group (waits up to 30 s). */
  static int awaitLeaderOf(ClusterHarness cluster, String table) {
    return await("a leader of " + table).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> {
          for (int i = 0; i < cluster.size(); i++) {
            if (leads(replicasPage(cluster.node(i)), "table table=" + table + " ")) {
              return i;
            }
          }
          return -1;
        }, i -> i >= 0);
  }

  private static String replicasPage(WinterProcess p) {
    try {
      return Http.get(p.metricsPort(), "/debug/replicas").body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Retries {@code line} on {@code node} (fresh connections) until the reply is {@code want}. */
  static void awaitReply(WinterProcess node, String line, String want, Duration atMost) {
    awaitReplyIn(node, line, Set.of(want), atMost);
  }

  /**
   * Retries {@code line} on {@code node} (fresh connections) until the reply is one of
   * {@code wanted}; returns every reply seen, the last one wanted.
   */
  static List<String> awaitReplyIn(WinterProcess node, String line, Set<String> wanted,
                                   Duration atMost) {
    List<String> seen = new CopyOnWriteArrayList<>();
    await(node.name() + ": '" + line + "' -> " + wanted)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(300))
        .failFast("node died or answered error internal", () -> {
          assertThat(node.isAlive()).as("node %s is running", node.name()).isTrue();
          assertThat(seen).as("replies to '%s' on %s", line, node.name())
              .noneMatch(ClusterChecks::isInternalError);
        })
        .untilAsserted(() -> {
          String reply = ClusterHarness.tryOnce(node, line);
          seen.add(String.valueOf(reply));
          assertThat(reply).as("'%s' on %s (replies so far: %s)", line, node.name(),
              seen.size() > 10 ? seen.subList(seen.size() - 10, seen.size()) : seen).isIn(wanted);
        });
    return List.copyOf(seen);
  }

  /**
   * Every key of {@code expected} reads back its value on {@code node} (pipelined GETs); the node
   * may first need some time to serve the table at all (e.g. after a restart or a failover).
   */
  static void assertHolds(WinterProcess node, String table, Map<String, String> expected,
                          Duration settle) {
    if (expected.isEmpty()) {
      return;
    }
    Map.Entry<String, String> first = expected.entrySet().iterator().next();
    awaitReply(node, "GET " + table + " " + first.getKey(), first.getValue(), settle);
    List<String> keys = new ArrayList<>(expected.keySet());
    List<String> wrong = new ArrayList<>();
    try (TextClient c = node.client()) {
      c.readTimeout(Duration.ofSeconds(30));
      for (int from = 0; from < keys.size(); from += 500) {
        List<String> batch = keys.subList(from, Math.min(keys.size(), from + 500));
        List<String> lines = new ArrayList<>(batch.size());
        batch.forEach(k -> lines.add("GET " + table + " " + k));
        List<String> replies = c.pipeline(lines);
        for (int i = 0; i < batch.size(); i++) {
          String want = expected.get(batch.get(i));
          if (!want.equals(replies.get(i)) && wrong.size() < 20) {
            wrong.add(batch.get(i) + " -> '" + replies.get(i) + "' (want '" + want + "')");
          }
        }
      }
    }
    assertThat(wrong).as("acknowledged keys of %s that %s reads wrongly (of %d; first 20)",
        table, node.name(), keys.size()).isEmpty();
  }

  /** Same reply to {@code line} from every running node. */
  static void assertSameEverywhere(ClusterHarness cluster, String line, String want) {
    for (WinterProcess p : cluster.alive()) {
      try (TextClient c = p.client()) {
        assertThat(c.send(line)).as("'%s' on %s", line, p.name()).isEqualTo(want);
      }
    }
  }

  /** Runs the tasks at the same moment (a barrier), one thread each, and returns their results. */
  static <T> List<T> together(int n, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CyclicBarrier barrier = new CyclicBarrier(n);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<T> t = task.apply(i);
        futures.add(pool.submit(() -> {
          barrier.await(30, TimeUnit.SECONDS);
          return t.call();
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code error internal ...}: a bug of the node, never an acceptable reply. */
  static boolean isInternalError(String reply) {
    return reply != null && reply.startsWith("error internal");
  }

  /** A reply that is an honest refusal of a node cut off from the group (never data). */
  static boolean isUnavailable(String reply) {
    return reply != null
        && (reply.startsWith("error unavailable") || reply.startsWith("error timed out"));
  }
}
