package io.winter.cluster;

import io.winter.cluster.discovery.PeerAddress;
import io.winter.cluster.discovery.PeerDiscovery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who forms the catalog on a cluster's very first start, the same way on every node:
 * with static peers, the whole WINTER_PEERS list; with DNS, the nodes {@code <app>-0} to
 * {@code <app>-(expect-1)}, once DNS shows all of them. Those names are fixed by the
 * StatefulSet, not by what a node happened to see first, so no start order yields two
 * clusters; any other node waits to be added by the catalog's leader.
 */
public final class ClusterBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);

  /** How this node takes part: its own peer and, on a first start, the founding members. */
  public record Plan(RaftPeer self, List<RaftPeer> initialCatalogPeers) {}

  private ClusterBootstrap() {}

  /** A single node: it forms its own catalog. */
  public static Plan single(String nodeId, String address) {
    RaftPeer self = peer(nodeId, address);
    return new Plan(self, List.of(self));
  }

  /** Static peers: members of WINTER_PEERS form the cluster; a node outside it joins. */
  public static Plan fromStaticPeers(String nodeId, List<PeerAddress> peers,
                                     String fallbackAddress) {
    Optional<PeerAddress> me = peers.stream().filter(p -> p.id().equals(nodeId)).findFirst();
    RaftPeer self = peer(nodeId, me.map(PeerAddress::address).orElse(fallbackAddress));
    List<RaftPeer> founders = me.isPresent() ? toPeers(peers) : List.of();
    return new Plan(self, founders);
  }

  /**
   * DNS: waits until DNS lists this node (unless its address is given) and, for a founding
   * node, every founder. Blocks; reports progress through {@code status}.
   */
  public static Plan fromDns(String nodeId, String application, int expect,
                             PeerDiscovery discovery, String advertiseAddress,
                             java.util.function.Consumer<String> status)
      throws InterruptedException {
    return fromDns(nodeId, application, expect, discovery, advertiseAddress, status,
        others -> false);
  }

  /**
   * As above; a founder that does not see every founder in DNS also asks
   * {@code clusterExists} about the nodes it does see: when a cluster exists already (a founder
   * restarted with an empty disk after another founder left for good), it joins that cluster
   * instead of waiting for a formation that will never happen.
   */
  public static Plan fromDns(String nodeId, String application, int expect,
                             PeerDiscovery discovery, String advertiseAddress,
                             java.util.function.Consumer<String> status,
                             java.util.function.Predicate<List<RaftPeer>> clusterExists)
      throws InterruptedException {
    List<String> founders = new ArrayList<>();
    for (int i = 0; i < expect; i++) {
      founders.add(application + "-" + i);
    }
    boolean founder = founders.contains(nodeId);
    while (true) {
      List<PeerAddress> seen;
      try {
        seen = discovery.discover();
      } catch (IOException e) {
        status.accept("waiting for DNS: " + e.getMessage());
        LOG.info("waiting for DNS: {}", e.getMessage());
        TimeUnit.SECONDS.sleep(1);
        continue;
      }
      Optional<PeerAddress> me = seen.stream().filter(p -> p.id().equals(nodeId)).findFirst();
      List<PeerAddress> foundersSeen = seen.stream().filter(p -> founders.contains(p.id()))
          .toList();
      String address = advertiseAddress != null ? advertiseAddress
          : me.map(PeerAddress::address).orElse(null);
      if (address != null && (!founder || foundersSeen.size() == founders.size())) {
        RaftPeer self = peer(nodeId, address);
        return new Plan(self, founder ? toPeers(foundersSeen) : List.of());
      }
      List<PeerAddress> others = seen.stream().filter(p -> !p.id().equals(nodeId)).toList();
      if (address != null && !others.isEmpty() && clusterExists.test(toPeers(others))) {
        LOG.info("not every founder is in DNS, but a cluster exists: joining it");
        return new Plan(peer(nodeId, address), List.of());
      }
      String waiting = "waiting for " + expect + " nodes to form the cluster ("
          + foundersSeen.size() + " of " + founders + " in DNS)";
      status.accept(waiting);
      LOG.info("{}", waiting);
      TimeUnit.SECONDS.sleep(1);
    }
  }

  private static List<RaftPeer> toPeers(List<PeerAddress> peers) {
    return peers.stream().map(p -> peer(p.id(), p.address())).toList();
  }

  public static RaftPeer peer(String id, String address) {
    return RaftPeer.newBuilder().setId(RaftPeerId.valueOf(id)).setAddress(address).build();
  }
}
