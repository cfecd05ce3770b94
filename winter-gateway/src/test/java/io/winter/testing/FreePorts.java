package io.winter.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test servers that must bind them later (a node's Raft port is known to its peers
 * before it starts, and again after a restart). They come from below the kernel's ephemeral
 * range: a port the kernel hands out for a bind to port 0 is also one it hands out as the local
 * port of outgoing connections, and the tests' own gRPC and client connections took such ports
 * between the choice and the bind (CI of 2026-12-05: "Failed to bind to address").
 */
public final class FreePorts {
  private static final int LOWEST = 10_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** A port free on 127.0.0.1 a moment ago, outside the ephemeral range, never given twice. */
  public static int next() {
    int highest = ephemeralLow() - 1;
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOWEST + " and " + highest);
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The lowest ephemeral port (Linux: net.ipv4.ip_local_port_range), 32768 when unknown. */
  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return Math.max(low, LOWEST + 1000);
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }
}
