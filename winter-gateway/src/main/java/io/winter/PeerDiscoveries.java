package io.winter;

import io.winter.cluster.PeerNameResolution;
import io.winter.cluster.discovery.DnsSrvDiscovery;
import io.winter.cluster.discovery.PeerDiscovery;
import io.winter.cluster.discovery.StaticPeerDiscovery;
import io.winter.cluster.discovery.StaticPeers;
import io.winter.config.Settings;
import io.winter.config.WinterConfig;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Where a node learns the cluster's nodes from: DNS SRV records, WINTER_PEERS, or nowhere. */
final class PeerDiscoveries {
  private PeerDiscoveries() {}

  /** DNS in distributed mode, else the static peers, else null (a single node). */
  static PeerDiscovery from(WinterConfig config) {
    if (config.get(Settings.IS_DISTRIBUTED)) {
      String server = config.get(Settings.DNS_SERVER);
      InetSocketAddress dnsServer = null;
      if (!server.isEmpty()) {
        int colon = server.lastIndexOf(':');
        dnsServer = colon > 0
            ? new InetSocketAddress(server.substring(0, colon),
                Integer.parseInt(server.substring(colon + 1)))
            : new InetSocketAddress(server, 53);
        PeerNameResolution.useDnsServer(dnsServer);
      }
      return new DnsSrvDiscovery(config.get(Settings.DNS_SERVICE_NAME), dnsServer,
          Duration.ofSeconds(2));
    }
    String peers = config.get(Settings.PEERS);
    return peers.isBlank() ? null : new StaticPeerDiscovery(StaticPeers.parse(peers));
  }
}
