package io.winter.e2e.cluster;

import io.winter.dns.TestDnsServer;
import io.winter.e2e.WinterProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nodes in DNS mode, as a Kubernetes StatefulSet {@code winter} behind the headless Service
 * {@code winter-nodes} would run them: node {@code winter-i} is listed by the SRV records
 * {@code _raft._tcp.winter-nodes} with target {@code winter-i.winter-nodes.<domain>} and its
 * Raft port, and that name has an A record 127.0.0.1.
 */
final class DnsNodes {

  static final String SERVICE = "winter-nodes";
  static final String APPLICATION = "winter";
  static final String SRV_NAME = "_raft._tcp." + SERVICE;
  static final String DOMAIN = "default.svc.cluster.local";

  private final TestDnsServer dns;
  private final Path dir;
  private final ClusterHarness cluster;
  private final Map<String, String> extraEnv;
  /** The SRV records now published, by ordinal. */
  private final Map<Integer, TestDnsServer.Srv> published = new TreeMap<>();

  DnsNodes(TestDnsServer dns, Path dir, ClusterHarness cluster, Map<String, String> extraEnv) {
    this.dns = dns;
    this.dir = dir;
    this.cluster = cluster;
    this.extraEnv = Map.copyOf(extraEnv);
    dns.setSrv(SRV_NAME, List.of());
  }

  static String id(int ordinal) {
    return APPLICATION + "-" + ordinal;
  }

  static String target(int ordinal) {
    return id(ordinal) + "." + SERVICE + "." + DOMAIN;
  }

  /** Prepares node {@code winter-<ordinal>} (not started, not in DNS); returns its cluster index. */
  int prepare(int ordinal) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("IS_DISTRIBUTED", "true");
    env.put("DNS_SERVICE_NAME", SERVICE);
    env.put("DNS_APPLICATION_NAME", APPLICATION);
    env.put("WINTER_DNS_SERVER", dns.hostPort());
    env.put("WINTER_BOOTSTRAP_EXPECT", "3");
    env.put("WINTER_NODE_ID", id(ordinal));
    env.put("WINTER_BIND", "127.0.0.1");
    env.put("WINTER_JAVA_OPTS", ClusterHarness.JAVA_OPTS);
    env.putAll(extraEnv);
    WinterProcess p = WinterProcess.prepare(dir.resolve(id(ordinal)), "127.0.0.1",
        WinterProcess.freePort(), WinterProcess.freePort(), List.of(), env);
    return cluster.add(p);
  }

  /** Adds the SRV record (and A record) of {@code winter-<ordinal>}, whose node is cluster index {@code index}. */
  void publish(int ordinal, int index) {
    dns.setA(target(ordinal), "127.0.0.1");
    published.put(ordinal, TestDnsServer.Srv.of(target(ordinal), cluster.node(index).raftPort()));
    dns.setSrv(SRV_NAME, new ArrayList<>(published.values()));
    System.out.println("DnsNodes: published " + target(ordinal) + " -> SRV " + published.keySet());
  }

  /** Removes the SRV record of {@code winter-<ordinal>} (a scale-down), and its A record. */
  void unpublish(int ordinal) {
    published.remove(ordinal);
    dns.setSrv(SRV_NAME, new ArrayList<>(published.values()));
    dns.removeA(target(ordinal));
    System.out.println("DnsNodes: unpublished " + target(ordinal) + " -> SRV " + published.keySet());
  }
}
