package io.winter.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A private test network: a Linux bridge in the root namespace (address {@code .254}, the test
 * client's) and one network namespace per node, each joined to the bridge by a veth pair with
 * address {@code .1}, {@code .2}, ... in a /24 of 10.77.x.0 that the host does not use. All names
 * carry a prefix no other network on the host has (not drawn from the test's seed: two runs of
 * one seed may share a host); {@link #close()} removes exactly what carries it, and a later
 * instance removes what a killed run left behind (see {@link NetworkOwners}). Partitions
 * are made only inside those namespaces: iptables DROP rules when iptables works there, else
 * blackhole routes (also only inside the namespaces).
 */
public final class NetNamespaces implements AutoCloseable {

  private final String prefix;
  private final String subnet;
  private final String bridge;
  private final List<String> namespaces = new ArrayList<>();
  private final List<String> ips = new ArrayList<>();
  private final boolean iptables;
  private final Thread reaper;
  private boolean tornDown;

  private NetNamespaces(Random random, int n) {
    NetworkOwners.sweepDead(NetNamespaces::removeAll);
    random.nextInt(1 << 16); // the draw the prefix once took: recorded seeds keep their schedule
    this.prefix = freePrefix();
    NetworkOwners.claim(prefix);
    this.subnet = freeSubnet(random);
    this.bridge = prefix + "br";
    this.reaper = new Thread(this::teardown, "netns-reaper-" + prefix);
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      run("ip", "link", "add", bridge, "type", "bridge");
      run("ip", "addr", "add", clientAddress() + "/24", "dev", bridge);
      run("ip", "link", "set", bridge, "up");
      for (int i = 0; i < n; i++) {
        String ns = prefix + "-n" + i;
        String host = prefix + "h" + i;
        String inside = prefix + "c" + i;
        String ip = subnet + "." + (i + 1);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "link", "add", host, "type", "veth", "peer", "name", inside);
        run("ip", "link", "set", inside, "netns", ns);
        run("ip", "link", "set", host, "master", bridge);
        run("ip", "link", "set", host, "up");
        inNs(ns, "ip", "addr", "add", ip + "/24", "dev", inside);
        inNs(ns, "ip", "link", "set", inside, "up");
        inNs(ns, "ip", "link", "set", "lo", "up");
        ips.add(ip);
      }
      boolean ipt = !"routes".equals(System.getProperty("winter.e2e.partition"))
          && exec(List.of("ip", "netns", "exec", namespaces.get(0), "iptables", "-w", "-L", "-n")).exit == 0;
      this.iptables = ipt;
      System.out.println("NetNamespaces: " + prefix + " subnet " + subnet + ".0/24, namespaces "
          + namespaces + ", partitions by " + (ipt ? "iptables DROP" : "blackhole routes"));
    } catch (RuntimeException | Error e) {
      teardown();
      throw e;
    }
  }

  /** Creates the bridge and {@code n} namespaces; fails if the host does not allow it. */
  public static NetNamespaces create(Random random, int n) {
    return new NetNamespaces(random, n);
  }

  /** Whether this process may make namespaces: root and the ip tool. */
  public static String whyUnsupported() {
    Result id = exec(List.of("id", "-u"));
    if (id.exit != 0 || !id.out.strip().equals("0")) {
      return "not root";
    }
    Result ip = exec(List.of("ip", "-V"));
    if (ip.exit != 0) {
      return "no ip tool: " + ip.out;
    }
    return null;
  }

  /** The address of node i (inside its namespace). */
  public String ip(int i) {
    return ips.get(i);
  }

  public List<String> ips() {
    return List.copyOf(ips);
  }

  /** The test client's address: the bridge's, in the root namespace. */
  public String clientAddress() {
    return subnet + ".254";
  }

  /** The command prefix that runs a program inside node i's namespace. */
  public List<String> runIn(int i) {
    return List.of("ip", "netns", "exec", namespaces.get(i));
  }

  /** Cuts node i off from every other node; the test client can still reach it. */
  public void isolate(int i) {
    String ns = namespaces.get(i);
    if (iptables) {
      inNs(ns, "iptables", "-w", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
      inNs(ns, "iptables", "-w", "-A", "OUTPUT", "-o", "lo", "-j", "ACCEPT");
      inNs(ns, "iptables", "-w", "-A", "INPUT", "-s", clientAddress(), "-j", "ACCEPT");
      inNs(ns, "iptables", "-w", "-A", "OUTPUT", "-d", clientAddress(), "-j", "ACCEPT");
      inNs(ns, "iptables", "-w", "-A", "INPUT", "-j", "DROP");
      inNs(ns, "iptables", "-w", "-A", "OUTPUT", "-j", "DROP");
    } else {
      for (int j = 0; j < ips.size(); j++) {
        if (j != i) {
          inNs(ns, "ip", "route", "add", "blackhole", ips.get(j) + "/32");
          inNs(namespaces.get(j), "ip", "route", "add", "blackhole", ips.get(i) + "/32");
        }
      }
    }
    System.out.println("NetNamespaces: isolated " + ns + " (" + ips.get(i) + ")");
  }

  /** Undoes {@link #isolate(int)}. */
  public void heal(int i) {
    String ns = namespaces.get(i);
    if (iptables) {
      inNs(ns, "iptables", "-w", "-F", "INPUT");
      inNs(ns, "iptables", "-w", "-F", "OUTPUT");
    } else {
      for (int j = 0; j < ips.size(); j++) {
        if (j != i) {
          inNs(ns, "ip", "route", "del", "blackhole", ips.get(j) + "/32");
          inNs(namespaces.get(j), "ip", "route", "del", "blackhole", ips.get(i) + "/32");
        }
      }
    }
    System.out.println("NetNamespaces: healed " + ns);
  }

  /**
   * Cuts the link between nodes i and j both ways (each namespace drops the other's packets);
   * other links, and the test client's, stay up. Undo with {@link #healAll()}.
   */
  public void cut(int i, int j) {
    if (iptables) {
      for (int[] pair : new int[][] {{i, j}, {j, i}}) {
        String ns = namespaces.get(pair[0]);
        String other = ips.get(pair[1]);
        inNs(ns, "iptables", "-w", "-A", "INPUT", "-s", other, "-j", "DROP");
        inNs(ns, "iptables", "-w", "-A", "OUTPUT", "-d", other, "-j", "DROP");
      }
    } else {
      inNs(namespaces.get(i), "ip", "route", "replace", "blackhole", ips.get(j) + "/32");
      inNs(namespaces.get(j), "ip", "route", "replace", "blackhole", ips.get(i) + "/32");
    }
  }

  /** Removes every cut and isolation in every namespace. */
  public void healAll() {
    for (int i = 0; i < namespaces.size(); i++) {
      String ns = namespaces.get(i);
      if (iptables) {
        inNs(ns, "iptables", "-w", "-F", "INPUT");
        inNs(ns, "iptables", "-w", "-F", "OUTPUT");
      } else {
        for (int j = 0; j < ips.size(); j++) {
          if (j != i) {
            exec(List.of("ip", "netns", "exec", ns, "ip", "route", "del", "blackhole",
                ips.get(j) + "/32"));
          }
        }
      }
    }
  }

  /** The number of namespaces (node slots). */
  public int size() {
    return namespaces.size();
  }

  @Override
  public void close() {
    teardown();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException ignored) {
      // the JVM is shutting down: the hook runs anyway
    }
  }

  private synchronized void teardown() {
    if (!tornDown) {
      tornDown = true;
      namespaces.clear();
      removeAll(prefix);
      NetworkOwners.release(prefix);
    }
  }

  /** Removes every namespace, veth and bridge whose name starts with {@code prefix}. */
  private static void removeAll(String prefix) {
    // deleting a namespace deletes the veth end inside it, and with it the pair
    for (String ns : names(List.of("ip", "netns", "list"), prefix)) {
      exec(List.of("ip", "netns", "del", ns));
    }
    for (String link : names(List.of("ip", "-o", "link", "show"), prefix)) {
      exec(List.of("ip", "link", "del", link));
    }
  }

  /** The names starting with {@code prefix} that a listing of {@code ip} shows. */
  private static List<String> names(List<String> listing, String prefix) {
    List<String> found = new ArrayList<>();
    for (String line : exec(listing).out.split("\n")) {
      // "wt12abbr: <...>" or "1: wt12abh0@if5: <...>" or "wt12ab-n0 (id: 0)"
      for (String word : line.split("[\\s:@]+")) {
        if (word.startsWith(prefix) && !found.contains(word)) {
          found.add(word);
        }
      }
    }
    return found;
  }

  /** A prefix that no link or namespace on the host starts with. */
  private static String freePrefix() {
    String links = exec(List.of("ip", "-o", "link", "show")).out;
    String spaces = exec(List.of("ip", "netns", "list")).out;
    SecureRandom random = new SecureRandom();
    for (int attempt = 0; attempt < 100; attempt++) {
      String p = "wt" + HexFormat.of().toHexDigits((short) random.nextInt(1 << 16));
      if (!links.contains(p) && !spaces.contains(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no free test network name on this host");
  }

  private static String freeSubnet(Random random) {
    String addrs = exec(List.of("ip", "-o", "addr", "show")).out;
    String routes = exec(List.of("ip", "route", "show", "table", "all")).out;
    for (int attempt = 0; attempt < 100; attempt++) {
      String s = "10.77." + (1 + random.nextInt(250));
      if (!addrs.contains(" " + s + ".") && !routes.contains(s + ".")) {
        return s;
      }
    }
    throw new IllegalStateException("no free 10.77.x.0/24 subnet on this host");
  }

  private void inNs(String ns, String... command) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    c.addAll(Arrays.asList(command));
    run(c.toArray(new String[0]));
  }

  private static void run(String... command) {
    Result r = exec(Arrays.asList(command));
    if (r.exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exit + "): " + r.out);
    }
  }

  private record Result(int exit, String out) {}

  private static Result exec(List<String> command) {
    try {
      Path out = Files.createTempFile("netns", ".out");
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
