package io.winter.e2e.cluster;

import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster of real {@code bin/winter} processes. Every port is chosen before any node starts;
 * nodes start in a random order (seeded; the seed is printed, and {@code -Dwinter.e2e.seed}
 * replays it). Every node is a {@link WinterProcess}, so {@code WinterLogsOnFailure} prints its
 * log when a test fails and kills it after the class.
 */
public final class ClusterHarness implements AutoCloseable {

  /** Per-node JVM options: 2 cores, up to 5 JVMs at once. */
  public static final String JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC";
  static final Duration FORM_TIMEOUT = Duration.ofSeconds(90);
  static final Set<String> CREATE_OK = Set.of("created", "already created");

  private final List<WinterProcess> nodes = new ArrayList<>();
  private final Random random;
  private final long seed;

  private ClusterHarness(String what) {
    this.seed = Long.getLong("winter.e2e.seed", new SecureRandom().nextLong());
    this.random = new Random(seed);
    System.out.println("ClusterHarness (" + what + "): seed " + seed
        + " (replay with -Dwinter.e2e.seed=" + seed + ")");
  }

  /** An empty cluster to which the test adds prepared nodes itself (DNS mode). */
  public static ClusterHarness empty(String what) {
    return new ClusterHarness(what);
  }

  /** {@code n} nodes n1..nN on 127.0.0.1 with static peers, started and formed. */
  public static ClusterHarness startStatic(Path dir, int n, Map<String, String> extraEnv) {
    return startStatic(dir, Collections.nCopies(n, "127.0.0.1"), i -> List.of(), extraEnv);
  }

  /**
   * Nodes n1..nN, node i listening on {@code hosts.get(i)} and run under
   * {@code commandPrefix.apply(i)} (e.g. {@code ip netns exec ns}), with static peers; starts
   * them in random order and waits until the cluster has formed.
   */
  public static ClusterHarness startStatic(Path dir, List<String> hosts,
                                           IntFunction<List<String>> commandPrefix,
                                           Map<String, String> extraEnv) {
    int n = hosts.size();
    ClusterHarness c = new ClusterHarness(n + " static peers");
    int[] ports = IntStream.range(0, n).map(i -> WinterProcess.freePort()).toArray();
    int[] raftPorts = IntStream.range(0, n).map(i -> WinterProcess.freePort()).toArray();
    String peers = IntStream.range(0, n)
        .mapToObj(i -> staticId(i) + "=" + hosts.get(i) + ":" + raftPorts[i])
        .collect(Collectors.joining(","));
    for (int i = 0; i < n; i++) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("WINTER_NODE_ID", staticId(i));
      env.put("WINTER_PEERS", peers);
      env.put("WINTER_BIND", hosts.get(i));
      env.put("WINTER_ADVERTISE_HOST", hosts.get(i));
      env.put("WINTER_JAVA_OPTS", JAVA_OPTS);
      env.putAll(extraEnv);
      c.nodes.add(WinterProcess.prepare(dir.resolve(staticId(i)), hosts.get(i), ports[i],
          raftPorts[i], commandPrefix.apply(i), env));
    }
    // on failure the nodes stay registered, so WinterLogsOnFailure prints their logs
    c.startAll();
    c.awaitFormed();
    return c;
  }

  static String staticId(int i) {
    return "n" + (i + 1);
  }

  /** Adds a prepared (not started) node; returns its index. */
  public int add(WinterProcess prepared) {
    nodes.add(prepared);
    return nodes.size() - 1;
  }

  public Random random() {
    return random;
  }

  /** Starts every node that is not running, in random order, then waits until each answers PING. */
  public void startAll() {
    List<Integer> order = IntStream.range(0, nodes.size()).boxed()
        .filter(i -> !nodes.get(i).isAlive()).collect(Collectors.toList());
    Collections.shuffle(order, random);
    System.out.println("ClusterHarness: starting nodes in order "
        + order.stream().map(i -> nodes.get(i).name()).collect(Collectors.toList()));
    for (int i : order) {
      nodes.get(i).launch(false);
    }
    for (int i : order) {
      nodes.get(i).awaitReady();
    }
  }

  /**
   * Waits until every running node answers PING and TABLES (it is a member: a node may still be
   * checking with the others for a few seconds after they formed the cluster) and a CREATE
   * through some node succeeds.
   */
  public void awaitFormed() {
    int[] next = {0};
    await("cluster formed: every node answers PING and TABLES, and CREATE succeeds")
        .atMost(FORM_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          for (WinterProcess p : nodes) {
            if (p.isAlive() && !"pong".equals(tryOnce(p, "PING"))) {
              return false;
            }
            String tables = p.isAlive() ? tryOnce(p, "TABLES") : "";
            if (tables == null || tables.startsWith("error ")) {
              return false;
            }
          }
          List<WinterProcess> alive = alive();
          WinterProcess via = alive.get(next[0]++ % alive.size());
          return CREATE_OK.contains(tryOnce(via, "CREATE harness_probe"));
        });
  }

  /** One command on a fresh connection; an I/O failure or a read timeout gives null. */
  public static String tryOnce(WinterProcess p, String line) {
    try (TextClient c = TextClient.connect(p.host(), p.port(), Duration.ofSeconds(15))) {
      return c.send(line);
    } catch (IOException | UncheckedIOException | AssertionError e) {
      return null;
    }
  }

  public WinterProcess node(int i) {
    return nodes.get(i);
  }

  public int size() {
    return nodes.size();
  }

  public List<WinterProcess> nodes() {
    return List.copyOf(nodes);
  }

  public List<WinterProcess> alive() {
    return nodes.stream().filter(WinterProcess::isAlive).collect(Collectors.toList());
  }

  public List<Integer> aliveIndexes() {
    return IntStream.range(0, nodes.size()).filter(i -> nodes.get(i).isAlive()).boxed()
        .collect(Collectors.toList());
  }

  /** SIGKILL, asserting the exit status. */
  public void kill9(int i) {
    System.out.println("ClusterHarness: kill -9 " + nodes.get(i).name());
    nodes.get(i).kill9();
  }

  /** SIGTERM, asserting exit status 0 within 15 s. */
  public void terminate(int i) {
    System.out.println("ClusterHarness: SIGTERM " + nodes.get(i).name());
    nodes.get(i).terminate();
  }

  /** Starts a stopped node again (same ports, settings, data) and waits until it answers PING. */
  public void restart(int i) {
    System.out.println("ClusterHarness: restarting " + nodes.get(i).name());
    nodes.get(i).restart();
  }

  @Override
  public void close() {
    nodes.forEach(WinterProcess::close);
  }
}
