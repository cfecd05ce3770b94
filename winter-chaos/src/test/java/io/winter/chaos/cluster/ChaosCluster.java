package io.winter.chaos.cluster;

import io.winter.dns.TestDnsServer;
import io.winter.e2e.WinterProcess;
import io.winter.e2e.cluster.NetNamespaces;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cluster under test: real {@code bin/winter} processes in DNS mode, as a StatefulSet
 * {@code winter} behind the headless Service {@code winter-nodes} would run them. As root every
 * node slot is a network namespace on a private bridge (so partitions can be made); otherwise
 * slots share loopback and partitions are not available. Node {@code winter-k} is in DNS while
 * it is a member; joining and leaving go through DNS and the nodes' own reconciliation.
 */
public final class ChaosCluster implements AutoCloseable {
  static final String SERVICE = "winter-nodes";
  static final String APPLICATION = "winter";
  static final String SRV_NAME = "_raft._tcp." + SERVICE;
  static final String DOMAIN = "chaos.svc.cluster.local";
  /** Founders: the first three ordinals form the cluster. */
  static final int FOUNDERS = 3;
  private static final String JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC "
      + System.getProperty("chaos.nodeJavaOpts", "");

  private final Path dir;
  private final NetNamespaces net;
  private final TestDnsServer dns;
  private final Map<String, String> extraEnv;
  private final List<ChaosNode> slots;
  /** Nodes that are (meant to be) members: in DNS, running unless a fault holds them down. */
  private final List<ChaosNode> members = new CopyOnWriteArrayList<>();
  private final Map<String, TestDnsServer.Srv> published = new LinkedHashMap<>();
  private int nextOrdinal;

  private ChaosCluster(Path dir, NetNamespaces net, TestDnsServer dns, int slotCount,
                       Map<String, String> extraEnv) {
    this.dir = dir;
    this.net = net;
    this.dns = dns;
    this.extraEnv = Map.copyOf(extraEnv);
    this.slots = new ArrayList<>();
    for (int i = 0; i < slotCount; i++) {
      slots.add(null);
    }
    dns.setSrv(SRV_NAME, List.of());
  }

  /**
   * Starts {@code nodes} nodes (with {@code spares} more slots for nodes added later) and waits
   * until every one answers PING. Uses network namespaces when {@code partitions} is true.
   */
  public static ChaosCluster start(Path dir, int nodes, int spares, boolean partitions,
                                   Random random, Map<String, String> extraEnv) {
    NetNamespaces net = partitions ? NetNamespaces.create(random, nodes + spares) : null;
    TestDnsServer dns = null;
    try {
      dns = TestDnsServer.start(net == null ? InetAddress.getLoopbackAddress()
          : InetAddress.getByName(net.clientAddress()));
      ChaosCluster cluster = new ChaosCluster(dir, net, dns, nodes + spares, extraEnv);
      List<ChaosNode> started = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        started.add(cluster.prepare(cluster.freeSlot()));
      }
      for (ChaosNode n : started) {
        cluster.publish(n);
      }
      for (ChaosNode n : started) {
        n.launch();
        cluster.members.add(n);
      }
      for (ChaosNode n : started) {
        n.process().awaitReady();
      }
      return cluster;
    } catch (UnknownHostException | InterruptedException | RuntimeException e) {
      if (dns != null) {
        dns.close();
      }
      if (net != null) {
        net.close();
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** Whether partitions can be made (nodes run in their own network namespaces). */
  public boolean supportsPartitions() {
    return net != null;
  }

  public List<ChaosNode> members() {
    return List.copyOf(members);
  }

  /** Members whose process runs and is not paused: the ones clients can talk to. */
  public List<ChaosNode> reachableMembers() {
    return members.stream().filter(n -> n.isRunning() && !n.isPaused()).toList();
  }

  /** Cuts the network link between two members both ways. */
  public void cut(ChaosNode a, ChaosNode b) {
    net.cut(a.slot(), b.slot());
  }

  /** Undoes every partition. */
  public void healNetwork() {
    if (net != null) {
      net.healAll();
    }
  }

  /** Whether a node slot is free for a node added to the cluster. */
  public boolean hasFreeSlot() {
    return freeSlot() >= 0;
  }

  /** Prepares, publishes in DNS and starts a new node {@code winter-<next ordinal>}. */
  public synchronized ChaosNode addNode() {
    int slot = freeSlot();
    if (slot < 0) {
      throw new IllegalStateException("no free node slot");
    }
    ChaosNode n = prepare(slot);
    publish(n);
    n.launch();
    members.add(n);
    return n;
  }

  /**
   * Takes a member out: its SRV record goes away (as when a StatefulSet scales down or a pod is
   * replaced by a new one), then it is stopped. The cluster moves its replicas away once the
   * node has been gone for the dead-peer grace period.
   */
  public synchronized void removeNode(ChaosNode n) {
    members.remove(n);
    unpublish(n);
    n.stop();
    slots.set(n.slot(), null);
  }

  private int freeSlot() {
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i) == null) {
        return i;
      }
    }
    return -1;
  }

  private ChaosNode prepare(int slot) {
    String id = APPLICATION + "-" + nextOrdinal++;
    String host = net == null ? "127.0.0.1" : net.ip(slot);
    int port = net == null ? WinterProcess.freePort() : 6060;
    int raftPort = net == null ? WinterProcess.freePort() : 6061;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("IS_DISTRIBUTED", "true");
    env.put("DNS_SERVICE_NAME", SERVICE);
    env.put("DNS_APPLICATION_NAME", APPLICATION);
    env.put("WINTER_DNS_SERVER", dns.hostPort());
    env.put("WINTER_BOOTSTRAP_EXPECT", Integer.toString(FOUNDERS));
    env.put("WINTER_NODE_ID", id);
    env.put("WINTER_BIND", host);
    env.put("WINTER_JAVA_OPTS", JAVA_OPTS);
    env.put("WINTER_RECONCILE_INTERVAL", "1s");
    env.put("WINTER_DEAD_PEER_GRACE", "8s");
    // elections and configuration changes, for diagnosing a group that stops electing leaders
    env.put("WINTER_RATIS_LOG_LEVEL", System.getProperty("chaos.ratisLogLevel", "INFO"));
    env.putAll(extraEnv);
    WinterProcess p = WinterProcess.prepare(dir.resolve(id), host, port, raftPort,
        net == null ? List.of() : net.runIn(slot), env);
    ChaosNode n = new ChaosNode(slot, id, p);
    slots.set(slot, n);
    return n;
  }

  private static String target(String id) {
    return id + "." + SERVICE + "." + DOMAIN;
  }

  private void publish(ChaosNode n) {
    dns.setA(target(n.id()), n.host());
    published.put(n.id(), TestDnsServer.Srv.of(target(n.id()), n.raftPort()));
    dns.setSrv(SRV_NAME, new ArrayList<>(published.values()));
  }

  private void unpublish(ChaosNode n) {
    published.remove(n.id());
    dns.setSrv(SRV_NAME, new ArrayList<>(published.values()));
    // the A record stays, as a terminating pod's name resolves until it is gone
  }

  /** Where the run's files go. */
  public Path dir() {
    return dir;
  }

  /** The last lines of every node's logs, for a failure report. */
  public String describe(int lines) {
    StringBuilder sb = new StringBuilder();
    for (ChaosNode n : slots) {
      if (n != null) {
        sb.append(n.process().describe(lines)).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    try {
      for (ChaosNode n : slots) {
        if (n != null) {
          if (n.isPaused()) {
            n.resume();
          }
          n.process().close();
        }
      }
    } finally {
      dns.close();
      if (net != null) {
        net.close();
      }
    }
  }
}
