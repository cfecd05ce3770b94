package io.winter.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void portsAreDistinctAndBelowTheEphemeralRange() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int ephemeralLow = Files.exists(range)
        ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]) : 32_768;
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Ports.free();
      assertThat(port).isBetween(10_000, Math.max(ephemeralLow - 1, 11_000));
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }
}
