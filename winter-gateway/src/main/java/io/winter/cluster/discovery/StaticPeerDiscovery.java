package io.winter.cluster.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Discovery from a fixed list of nodes, such as the one in {@code WINTER_PEERS}. */
public final class StaticPeerDiscovery implements PeerDiscovery {
  private final List<PeerAddress> peers;

  public StaticPeerDiscovery(List<PeerAddress> peers) {
    List<PeerAddress> sorted = new ArrayList<>(peers);
    sorted.sort(Comparator.comparing(PeerAddress::id));
    Set<String> ids = new HashSet<>();
    for (PeerAddress peer : sorted) {
      if (!ids.add(peer.id())) {
        throw new IllegalArgumentException("duplicate peer id '" + peer.id() + "'");
      }
    }
    this.peers = List.copyOf(sorted);
  }

  @Override
  public List<PeerAddress> discover() {
    return peers;
  }

  @Override
  public String toString() {
    return "static peers " + peers;
  }
}
