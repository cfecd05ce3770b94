package io.winter.cluster;

import static org.awaitility.Awaitility.await;

import io.winter.WinterNode;
import io.winter.config.WinterConfig;
import io.winter.dns.TestDnsServer;
import io.winter.e2e.TextClient;
import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import io.winter.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * A cluster of {@link WinterNode}s in this JVM, each with its own data directory, client port
 * and Raft port on 127.0.0.1, found through static peers ({@code WINTER_PEERS}) or through DNS
 * SRV records served by a {@link TestDnsServer}.
 *
 * <p>Node {@code i} is {@code winter-i}. Every port is chosen before any node starts (static
 * peers must list them) and kept across restarts. In DNS mode node {@code i} is listed, once
 * {@link #publish published}, by an SRV record of {@code _raft._tcp.winter-nodes} with target
 * {@code winter-i.winter-nodes}, as a Kubernetes headless Service lists StatefulSet pods, and
 * that name has an A record 127.0.0.1; {@link TestHostNames} makes the name resolvable for
 * Ratis' gRPC channels too.
 *
 * <p>A node in a JVM shared with the test cannot be killed: {@link #crash} closes it like
 * {@link #stop}, leadership hand-off included. Real crashes (kill -9) are covered by the
 * multi-process tests in {@code io.winter.e2e}.
 */
public final class MiniCluster implements AutoCloseable {
  static {
    // Ratis ends the JVM when a Raft port cannot be bound (another process may take a port
    // between choosing it and binding it); in-process, that must fail one test, not the run.
    org.apache.ratis.util.ExitUtils.disableSystemExit();
  }

  public static final String SERVICE = "winter-nodes";
  public static final String APPLICATION = "winter";
  public static final String SRV_NAME = "_raft._tcp." + SERVICE;
  public static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final TestDnsServer dns;
  private final Map<String, String> extraEnv;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<Integer, TestDnsServer.Srv> published = new TreeMap<>();

  /** One node's fixed identity, ports and directory, and the running node if any. */
  private static final class Slot {
    final String id;
    final int clientPort;
    final int raftPort;
    final Path dataDir;
    volatile WinterNode node;

    Slot(String id, int clientPort, int raftPort, Path dataDir) {
      this.id = id;
      this.clientPort = clientPort;
      this.raftPort = raftPort;
      this.dataDir = dataDir;
    }
  }

  private MiniCluster(Path dir, int size, TestDnsServer dns, Map<String, String> extraEnv) {
    this.dir = dir;
    this.dns = dns;
    this.extraEnv = Map.copyOf(extraEnv);
    for (int i = 0; i < size; i++) {
      String id = id(i);
      slots.add(new Slot(id, freePort(), freePort(), dir.resolve(id)));
    }
  }

  /** Starts {@code n} nodes with static peers and waits until their catalog has a leader. */
  public static MiniCluster startStatic(Path dir, int n, Map<String, String> extraEnv) {
    MiniCluster c = new MiniCluster(dir, n, null, extraEnv);
    try {
      for (int i = 0; i < n; i++) {
        c.start(i);
      }
      c.awaitFormed();
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  /**
   * Like {@link #startStatic(Path, int, Map)} with Ratis' election timeout between
   * {@code electionMin} and {@code electionMax} (heartbeats every half the minimum): its nodes
   * read those JVM properties when they start.
   */
  public static MiniCluster startStatic(Path dir, int n, Map<String, String> extraEnv,
                                        String electionMin, String electionMax) {
    System.setProperty("raft.server.rpc.timeout.min", electionMin);
    System.setProperty("raft.server.rpc.timeout.max", electionMax);
    try {
      return startStatic(dir, n, extraEnv);
    } finally {
      System.clearProperty("raft.server.rpc.timeout.min");
      System.clearProperty("raft.server.rpc.timeout.max");
    }
  }

  /**
   * Prepares {@code capacity} nodes in DNS mode with a fresh DNS server listing none of them;
   * start and {@link #publish} them in any order.
   */
  public static MiniCluster dns(Path dir, int capacity, Map<String, String> extraEnv)
      throws InterruptedException {
    TestDnsServer dns = TestDnsServer.start();
    dns.setSrv(SRV_NAME, List.of());
    return new MiniCluster(dir, capacity, dns, extraEnv);
  }

  public static String id(int i) {
    return APPLICATION + "-" + i;
  }

  /** The DNS name of node {@code i}, the target of its SRV record. */
  public static String host(int i) {
    return id(i) + "." + SERVICE;
  }

  public int size() {
    return slots.size();
  }

  public TestDnsServer dnsServer() {
    return dns;
  }

  private Map<String, String> env(int i) {
    Slot s = slots.get(i);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WINTER_NODE_ID", s.id);
    env.put("RECEPTOR_PORT", Integer.toString(s.clientPort));
    env.put("WINTER_RAFT_PORT", Integer.toString(s.raftPort));
    env.put("WINTER_DATA_DIR", s.dataDir.toString());
    env.put("WINTER_BIND", "127.0.0.1");
    env.put("WINTER_METRICS_PORT", "0");
    if (dns == null) {
      env.put("WINTER_ADVERTISE_HOST", "127.0.0.1");
      env.put("WINTER_PEERS", IntStream.range(0, slots.size())
          .mapToObj(j -> slots.get(j).id + "=127.0.0.1:" + slots.get(j).raftPort)
          .collect(Collectors.joining(",")));
    } else {
      env.put("IS_DISTRIBUTED", "true");
      env.put("DNS_SERVICE_NAME", SERVICE);
      env.put("DNS_APPLICATION_NAME", APPLICATION);
      env.put("WINTER_DNS_SERVER", dns.hostPort());
      env.put("WINTER_BOOTSTRAP_EXPECT", "3");
    }
    env.putAll(extraEnv);
    return env;
  }

  /** Starts node {@code i} (it must not be running) with its ports, settings and data. */
  public void start(int i) {
    Slot s = slots.get(i);
    if (s.node != null) {
      throw new IllegalStateException(s.id + " is already running");
    }
    log("starting " + s.id + " (client port " + s.clientPort + ", raft port " + s.raftPort
        + ")");
    try {
      s.node = WinterNode.start(WinterConfig.load(List.of(), env(i)));
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + s.id + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + s.id, e);
    }
  }

  /** Lists node {@code i} in DNS: its SRV record and the A record of its name. */
  public void publish(int i) {
    requireDns();
    TestHostNames.register(host(i), "127.0.0.1");
    dns.setA(host(i), "127.0.0.1");
    published.put(i, TestDnsServer.Srv.of(host(i), slots.get(i).raftPort));
    dns.setSrv(SRV_NAME, new ArrayList<>(published.values()));
    log("DNS now lists " + published.keySet().stream().map(MiniCluster::id).toList());
  }

  /** Removes node {@code i} from DNS (a scale-down), its SRV and A records. */
  public void unpublish(int i) {
    requireDns();
    published.remove(i);
    dns.setSrv(SRV_NAME, new ArrayList<>(published.values()));
    dns.removeA(host(i));
    log("DNS now lists " + published.keySet().stream().map(MiniCluster::id).toList());
  }

  private void requireDns() {
    if (dns == null) {
      throw new IllegalStateException("not a DNS-mode cluster");
    }
  }

  /** Waits until every running node has joined and answers TABLES through the catalog. */
  public void awaitFormed() {
    await("cluster formed: every running node reaches the catalog's leader")
        .atMost(FORM_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> {
          for (int i : running()) {
            RaftNode raft = node(i).raft();
            if (raft == null || raft.catalogPeers().isEmpty()) {
              return false;
            }
            try (TextClient c = client(i)) {
              if (c.send("TABLES").startsWith("error ")) {
                return false;
              }
            }
          }
          return catalogLeader().isPresent();
        });
  }

  /** A new connection to node {@code i}'s text protocol. */
  public TextClient client(int i) {
    try {
      return TextClient.connect(slots.get(i).clientPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + id(i), e);
    }
  }

  /** One request on a fresh connection to node {@code i}. */
  public String send(int i, String line) {
    try (TextClient c = client(i)) {
      return c.send(line);
    }
  }

  /** The running node {@code i}; fails when it is stopped. */
  public WinterNode node(int i) {
    WinterNode n = slots.get(i).node;
    if (n == null) {
      throw new IllegalStateException(id(i) + " is not running");
    }
    return n;
  }

  public boolean isRunning(int i) {
    return slots.get(i).node != null;
  }

  /** The indexes of the running nodes. */
  public List<Integer> running() {
    return IntStream.range(0, slots.size()).filter(this::isRunning).boxed().toList();
  }

  /** Stops node {@code i} gracefully: it hands off its leaderships, then closes. */
  public void stop(int i) {
    Slot s = slots.get(i);
    WinterNode n = s.node;
    if (n == null) {
      throw new IllegalStateException(s.id + " is not running");
    }
    log("stopping " + s.id);
    long start = System.nanoTime();
    s.node = null;
    n.close();
    log("stopped " + s.id + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  /**
   * Stands in for a crash: in one JVM a node cannot be killed, so this closes it like
   * {@link #stop}. The multi-process tests in {@code io.winter.e2e} cover real crashes.
   */
  public void crash(int i) {
    stop(i);
  }

  /** Starts a stopped node again with the same ports, settings and data directory. */
  public void restart(int i) {
    start(i);
  }

  /** Deletes the data directory of stopped node {@code i}: a lost disk. */
  public void wipe(int i) {
    Slot s = slots.get(i);
    if (s.node != null) {
      throw new IllegalStateException(s.id + " is running; stop it first");
    }
    log("wiping the data directory of " + s.id);
    try (var paths = java.nio.file.Files.walk(s.dataDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("wiping " + s.dataDir + " failed", e);
    }
  }

  /** The index of the running node leading the catalog, if any. */
  public Optional<Integer> catalogLeader() {
    for (int i = 0; i < slots.size(); i++) {
      RaftNode raft = raftOf(i);
      if (raft != null && raft.isCatalogLeader()) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The catalog leader's node, waiting for one. */
  public RaftNode catalogLeaderRaft() {
    int i = await("a catalog leader").atMost(FORM_TIMEOUT).until(() -> catalogLeader(),
        Optional::isPresent).orElseThrow();
    return node(i).raft();
  }

  /** Every table as the catalog leader's replica knows it. */
  public Collection<TableEntry> tables() {
    return List.copyOf(catalogLeaderRaft().catalog().localTables());
  }

  /** The table's catalog entry as the catalog leader's replica knows it (waits for it). */
  public TableEntry table(String name) {
    return await("catalog entry of table " + name).atMost(Duration.ofSeconds(10))
        .until(() -> catalogLeaderRaft().catalog().localLookup(name), Optional::isPresent)
        .orElseThrow();
  }

  /** The ids of the table's replicas, the preferred leader first. */
  public List<String> replicasOf(String table) {
    return table(table).getReplicasList().stream().map(Peer::getId).toList();
  }

  /** The index of the running node that leads the table's group (waits up to 10 s for one). */
  public int leaderOf(String table) {
    RaftGroupId group = RaftClients.groupId(table(table));
    return await("a leader of table " + table).atMost(Duration.ofSeconds(10))
        .until(() -> currentLeader(group), Optional::isPresent).orElseThrow();
  }

  private Optional<Integer> currentLeader(RaftGroupId group) {
    for (int i = 0; i < slots.size(); i++) {
      RaftNode raft = raftOf(i);
      if (raft != null && raft.isLeader(group)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The last index node {@code i}'s replica of the group has applied (it must be running). */
  public long appliedIndex(int i, RaftGroupId group) throws IOException {
    return raftOf(i).server().getDivision(group).getInfo().getLastAppliedIndex();
  }

  /** Node {@code i}'s Raft node, or null while it is stopped or has not joined. */
  public RaftNode raftOf(int i) {
    WinterNode n = slots.get(i).node;
    return n == null ? null : n.raft();
  }

  /** The node index of a node id such as {@code winter-2}. */
  public static int indexOf(String id) {
    return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
  }

  /**
   * Every running node's {@code /debug/replicas} page (each group's role, term, leader and
   * peers as that node sees them), for a test to report what the cluster looked like when a
   * wait timed out.
   */
  public String replicaPages() {
    StringBuilder out = new StringBuilder();
    for (int i : running()) {
      out.append("--- ").append(id(i)).append(" /debug/replicas\n");
      var metrics = node(i).metricsAddress();
      try {
        out.append(Http.get("127.0.0.1", metrics.getPort(), "/debug/replicas",
            Duration.ofSeconds(5)).body());
      } catch (IOException e) {
        out.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return out.toString();
  }

  /** Stops every running node (in parallel, to bound hand-off waits) and the DNS server. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (int i : running()) {
      stops.add(CompletableFuture.runAsync(() -> stop(i)));
    }
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    } finally {
      if (dns != null) {
        dns.close();
      }
    }
  }

  private static int freePort() {
    return io.winter.testing.FreePorts.next();
  }

  private void log(String message) {
    System.out.println("MiniCluster[" + dir.getFileName() + "]: " + message);
  }
}
