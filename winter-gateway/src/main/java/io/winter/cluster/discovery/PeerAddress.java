package io.winter.cluster.discovery;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One node of the cluster as discovery reports it: its id and the host and port of its Raft
 * server.
 *
 * <p>An IPv6 host is held without brackets ({@code ::1}); {@link #address()} adds them.
 */
public record PeerAddress(String id, String host, int port) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:%-]+");

  public PeerAddress {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "invalid peer id '" + id + "': use letters, digits, _ . - (not first)");
    }
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("invalid host '" + host + "' of peer " + id);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("invalid port " + port + " of peer " + id
          + ": must be 1..65535");
    }
  }

  /** {@code host:port}, with an IPv6 host in brackets. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return id + "=" + address();
  }
}
