package io.winter.cluster.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticPeersTest {

  @Test
  void parsesEntriesSortedById() {
    assertThat(StaticPeers.parse("n3=10.0.0.3:6061,n1=node-1.example:6061 , n2=10.0.0.2:7000"))
        .containsExactly(
            new PeerAddress("n1", "node-1.example", 6061),
            new PeerAddress("n2", "10.0.0.2", 7000),
            new PeerAddress("n3", "10.0.0.3", 6061));
  }

  @Test
  void emptyOrBlankTextIsNoPeers() {
    assertThat(StaticPeers.parse("")).isEmpty();
    assertThat(StaticPeers.parse("   ")).isEmpty();
    assertThat(StaticPeers.parse(null)).isEmpty();
  }

  @Test
  void singleEntry() {
    assertThat(StaticPeers.parse(" a=localhost:1 "))
        .containsExactly(new PeerAddress("a", "localhost", 1));
  }

  @Test
  void ipv6HostsInBrackets() {
    List<PeerAddress> peers = StaticPeers.parse("n1=[::1]:6061, n2=[fe80::1%eth0]:6062");
    assertThat(peers).containsExactly(
        new PeerAddress("n1", "::1", 6061), new PeerAddress("n2", "fe80::1%eth0", 6062));
    assertThat(peers.get(0).address()).isEqualTo("[::1]:6061");
    assertThat(peers.get(0)).hasToString("n1=[::1]:6061");
  }

  @Test
  void duplicateIdNamesBothEntries() {
    assertThatThrownBy(() -> StaticPeers.parse("n1=a:1,n2=b:2,n1=c:3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate peer id 'n1'")
        .hasMessageContaining("'n1=a:1'")
        .hasMessageContaining("'n1=c:3'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"n1", "n1=", "=h:1", "n1=h", "n1=h:", "n1=:6061", "n1=h:0",
      "n1=h:65536", "n1=h:99999999", "n1=h:x", "n1=h:-1", "n1=h:+1", "n1=::1:6061", "n1=[::1",
      "n1=[::1]6061", "n1=[::1]:", "n1=[]:6061", "n 1=h:1", "n1 =h:1", "n1= h:1", "-n=h:1",
      "n1=h h:1", "n1=a/b:1", "n1=h:1 2"})
  void rejectsMalformedEntryNamingIt(String entry) {
    assertThatThrownBy(() -> StaticPeers.parse("ok=h:1, " + entry + " ,ok2=h:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'");
  }

  @Test
  void rejectsEmptyEntries() {
    assertThatThrownBy(() -> StaticPeers.parse("n1=h:1,,n2=h:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed WINTER_PEERS entry ''");
    assertThatThrownBy(() -> StaticPeers.parse("n1=h:1,"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void peerAddressFormatsAndValidates() {
    PeerAddress peer = new PeerAddress("winter-0", "winter-0.winter-nodes.default.svc", 6061);
    assertThat(peer.address()).isEqualTo("winter-0.winter-nodes.default.svc:6061");
    assertThat(peer).hasToString("winter-0=winter-0.winter-nodes.default.svc:6061");
    assertThat(new PeerAddress("a_b.c-1", "h", 65535).port()).isEqualTo(65535);

    assertThatThrownBy(() -> new PeerAddress("", "h", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerAddress("_x", "h", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerAddress("x", "", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerAddress("x", "h", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerAddress("x", "h", 65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerAddress(null, "h", 1))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void staticDiscoveryReturnsItsListSorted() throws Exception {
    PeerAddress b = new PeerAddress("b", "h", 2);
    PeerAddress a = new PeerAddress("a", "h", 1);
    try (PeerDiscovery discovery = new StaticPeerDiscovery(List.of(b, a))) {
      assertThat(discovery.discover()).containsExactly(a, b);
    }
    assertThatThrownBy(() -> new StaticPeerDiscovery(List.of(a, new PeerAddress("a", "x", 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
  }
}
