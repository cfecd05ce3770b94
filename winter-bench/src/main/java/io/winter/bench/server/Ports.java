package io.winter.bench.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on loopback for the servers the harness starts, never handed out twice. They
 * are taken below the kernel's ephemeral range: a port from a bind to port 0 is also one the
 * kernel gives to outgoing connections as their local port, and the harness' own connections
 * (to servers already up) could take it between the choice and the server's bind.
 */
public final class Ports {

  private static final int FIRST = 10_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final SplittableRandom RANDOM = new SplittableRandom();

  private Ports() {}

  public static synchronized int free() {
    int last = belowEphemeral();
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = RANDOM.nextInt(FIRST, last + 1);
      if (HANDED_OUT.add(port) && bindsNow(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port from " + FIRST + " to " + last);
  }

  private static boolean bindsNow(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The port just below Linux's ip_local_port_range (32767 where it cannot be read). */
  private static int belowEphemeral() {
    try {
      String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
          .trim().split("\\s+");
      return Math.max(Integer.parseInt(range[0]) - 1, FIRST + 1000);
    } catch (IOException | RuntimeException e) {
      return 32_767;
    }
  }
}
