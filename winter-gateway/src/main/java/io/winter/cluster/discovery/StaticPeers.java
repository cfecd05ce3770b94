package io.winter.cluster.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parser of the static member list {@code WINTER_PEERS}: {@code id=host:port,id=host:port}. */
public final class StaticPeers {
  private StaticPeers() {}

  /**
   * The peers of {@code text}, sorted by id; an empty or blank text is an empty list.
   *
   * <p>Spaces around the commas are allowed; an IPv6 host is written in brackets
   * ({@code n1=[::1]:6061}).
   *
   * @throws IllegalArgumentException naming the entry that is malformed or repeats an id
   */
  public static List<PeerAddress> parse(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    Map<String, String> entryById = new HashMap<>();
    List<PeerAddress> peers = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String entry = raw.strip();
      PeerAddress peer = parseEntry(entry);
      String previous = entryById.putIfAbsent(peer.id(), entry);
      if (previous != null) {
        throw new IllegalArgumentException("duplicate peer id '" + peer.id()
            + "' in WINTER_PEERS entries '" + previous + "' and '" + entry + "'");
      }
      peers.add(peer);
    }
    peers.sort(Comparator.comparing(PeerAddress::id));
    return List.copyOf(peers);
  }

  private static PeerAddress parseEntry(String entry) {
    int eq = entry.indexOf('=');
    if (eq < 0) {
      throw malformed(entry, "expected id=host:port");
    }
    String id = entry.substring(0, eq);
    String hostPort = entry.substring(eq + 1);
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
        throw malformed(entry, "expected id=[ipv6]:port");
      }
      host = hostPort.substring(1, close);
      port = hostPort.substring(close + 2);
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw malformed(entry, "expected id=host:port");
      }
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw malformed(entry, "write an IPv6 host in brackets, id=[ipv6]:port");
      }
    }
    if (host.isEmpty()) {
      throw malformed(entry, "empty host");
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw malformed(entry, "port must be a number 1..65535");
    }
    try {
      return new PeerAddress(id, host, Integer.parseInt(port));
    } catch (IllegalArgumentException e) {
      throw malformed(entry, e.getMessage());
    }
  }

  private static IllegalArgumentException malformed(String entry, String why) {
    return new IllegalArgumentException("malformed WINTER_PEERS entry '" + entry + "': " + why);
  }
}
