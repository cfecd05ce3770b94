package io.winter.cluster.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.dns.DnsResponseCode;
import io.winter.dns.TestDnsServer;
import io.winter.dns.TestDnsServer.Srv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DnsSrvDiscoveryTest {
  private static final String NS = "default.svc.cluster.local";
  private static final String SERVICE = "winter-nodes." + NS;
  private static final String SRV_NAME = "_raft._tcp." + SERVICE;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private TestDnsServer dns;
  private final List<PeerDiscovery> opened = new ArrayList<>();

  @BeforeEach
  void startServer() throws InterruptedException {
    dns = TestDnsServer.start();
  }

  @AfterEach
  void stopAll() {
    opened.forEach(PeerDiscovery::close);
    dns.close();
  }

  private DnsSrvDiscovery discovery(String service, List<String> searchDomains) {
    return discovery(service, dns.address(), TIMEOUT, searchDomains);
  }

  private DnsSrvDiscovery discovery(String service, InetSocketAddress server, Duration timeout,
                                    List<String> searchDomains) {
    DnsSrvDiscovery discovery = new DnsSrvDiscovery(service, server, timeout, searchDomains);
    opened.add(discovery);
    return discovery;
  }

  private static String host(int i) {
    return "winter-" + i + ".winter-nodes." + NS;
  }

  private static PeerAddress peer(int i, int port) {
    return new PeerAddress("winter-" + i, host(i), port);
  }

  private static List<Srv> records(int... indexes) {
    List<Srv> records = new ArrayList<>();
    for (int i : indexes) {
      records.add(Srv.of(host(i) + ".", 6061));
    }
    return records;
  }

  @Test
  void threeSrvRecordsAreThreePeersSortedById() throws IOException {
    dns.setSrv(SRV_NAME, List.of(Srv.of(host(2) + ".", 6061), Srv.of(host(0) + ".", 6061),
        Srv.of(host(1), 7001)));

    assertThat(discovery(SERVICE, List.of()).discover())
        .containsExactly(peer(0, 6061), peer(1, 7001), peer(2, 6061));
  }

  @Test
  void nextDiscoverSeesChangedRecords() throws IOException {
    DnsSrvDiscovery discovery = discovery(SERVICE, List.of());
    dns.setSrv(SRV_NAME, records(0, 1));
    assertThat(discovery.discover()).containsExactly(peer(0, 6061), peer(1, 6061));

    dns.setSrv(SRV_NAME, records(0, 1, 2));
    assertThat(discovery.discover()).containsExactly(peer(0, 6061), peer(1, 6061), peer(2, 6061));

    dns.setSrv(SRV_NAME, records(2, 0));
    assertThat(discovery.discover()).containsExactly(peer(0, 6061), peer(2, 6061));

    dns.removeSrv(SRV_NAME);
    assertThat(discovery.discover()).isEmpty();

    dns.setSrv(SRV_NAME, records(1));
    assertThat(discovery.discover()).containsExactly(peer(1, 6061));
  }

  @Test
  void searchDomainsApplyInOrderWhenTheBareNameIsUnknown() throws IOException {
    dns.setSrv(SRV_NAME, records(0, 1, 2));
    DnsSrvDiscovery discovery = discovery("winter-nodes",
        List.of("other.svc.cluster.local", NS + ".", "svc.cluster.local"));
    assertThat(discovery.queryNames()).containsExactly("_raft._tcp.winter-nodes.",
        "_raft._tcp.winter-nodes.other.svc.cluster.local.", SRV_NAME + ".",
        "_raft._tcp.winter-nodes.svc.cluster.local.");

    int before = dns.queryCount();
    assertThat(discovery.discover()).containsExactly(peer(0, 6061), peer(1, 6061), peer(2, 6061));
    // the bare name, the first domain, then the one with answers; the last is never asked
    assertThat(dns.queryCount() - before).isEqualTo(3);
  }

  @Test
  void searchDomainIsTriedWhenTheBareNameHasNoSrvRecords() throws IOException {
    dns.setSrv("_raft._tcp.winter-nodes", List.of());
    dns.setSrv(SRV_NAME, records(0));

    assertThat(discovery("winter-nodes", List.of(NS)).discover()).containsExactly(peer(0, 6061));
  }

  @Test
  void theNameAsGivenWinsOverSearchDomains() throws IOException {
    dns.setSrv("_raft._tcp.winter-nodes", List.of(Srv.of("winter-9.elsewhere", 9000)));
    dns.setSrv(SRV_NAME, records(0));

    assertThat(discovery("winter-nodes", List.of(NS)).discover())
        .containsExactly(new PeerAddress("winter-9", "winter-9.elsewhere", 9000));
  }

  @Test
  void anAbsoluteNameIgnoresSearchDomains() throws IOException {
    dns.setSrv(SRV_NAME, records(0));
    DnsSrvDiscovery discovery = discovery("winter-nodes.", List.of(NS));

    assertThat(discovery.queryNames()).containsExactly("_raft._tcp.winter-nodes.");
    assertThat(discovery.discover()).isEmpty();
    assertThat(discovery(SERVICE + ".", List.of("x")).discover()).containsExactly(peer(0, 6061));
  }

  @Test
  void anUnknownNameIsNoPeersAfterEverySearchDomain() throws IOException {
    DnsSrvDiscovery discovery = discovery("winter-nodes", List.of(NS, "svc.cluster.local"));
    int before = dns.queryCount();

    assertThat(discovery.discover()).isEmpty();
    assertThat(dns.queryCount() - before).isEqualTo(3);
  }

  @Test
  void aNameWithoutSrvRecordsIsNoPeers() throws IOException {
    dns.setSrv(SRV_NAME, List.of());
    assertThat(discovery(SERVICE, List.of()).discover()).isEmpty();

    dns.removeSrv(SRV_NAME);
    dns.setA(SRV_NAME, "10.1.2.3");
    assertThat(discovery(SERVICE, List.of()).discover()).isEmpty();
  }

  @Test
  void theRootTargetMeansNoService() throws IOException {
    dns.setSrv(SRV_NAME, List.of(new Srv(0, 0, 0, ".")));
    assertThat(discovery(SERVICE, List.of()).discover()).isEmpty();
  }

  @Test
  void compressedTargetsDecode() throws IOException {
    dns.setCompressTargets(true);
    dns.setSrv(SRV_NAME, List.of(Srv.of(host(1), 6061), Srv.of(host(0), 6061),
        Srv.of("winter-2.elsewhere.example", 6062)));

    assertThat(discovery(SERVICE, List.of()).discover()).containsExactly(peer(0, 6061),
        peer(1, 6061), new PeerAddress("winter-2", "winter-2.elsewhere.example", 6062));

    try (DatagramSocket socket = client()) {
      byte[] compressed = ask(socket, SRV_NAME, 33);
      dns.setCompressTargets(false);
      byte[] plain = ask(socket, SRV_NAME, 33);
      assertThat(compressed.length).isLessThan(plain.length);
    }
  }

  @Test
  void onePeerPerIdPreferringLowestPriorityAndSkippingInvalidTargets() throws IOException {
    dns.setSrv(SRV_NAME, List.of(
        new Srv(20, 10, 7000, host(0)),
        new Srv(10, 10, 6061, host(0)),
        new Srv(0, 10, 6061, "WINTER-1.Winter-Nodes." + NS),
        new Srv(0, 10, 6061, "_bad.winter-nodes." + NS),
        new Srv(0, 10, 0, host(2))));

    assertThat(discovery(SERVICE, List.of()).discover())
        .containsExactly(peer(0, 6061), peer(1, 6061));
  }

  @Test
  void aServerFailureIsAnIoException() {
    dns.setSrv(SRV_NAME, records(0));
    dns.setFailure(DnsResponseCode.SERVFAIL);

    assertThatThrownBy(() -> discovery(SERVICE, List.of()).discover())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(SRV_NAME)
        .hasMessageContaining("ServFail");
  }

  @Test
  void aFailureAtASearchDomainIsAnIoException() {
    DnsSrvDiscovery discovery = discovery("winter-nodes", List.of(NS));
    dns.setFailure(DnsResponseCode.SERVFAIL);

    assertThatThrownBy(discovery::discover).isInstanceOf(IOException.class);
  }

  @Test
  void aSilentServerIsAnIoExceptionWithinTheTimeout() throws IOException {
    dns.setSrv(SRV_NAME, records(0));
    dns.setDropQueries(true);
    Duration timeout = Duration.ofMillis(300);
    DnsSrvDiscovery discovery = discovery(SERVICE, dns.address(), timeout, List.of(NS));

    long start = System.nanoTime();
    assertThatThrownBy(discovery::discover)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(SRV_NAME)
        .hasMessageContaining(dns.hostPort());
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(timeout.plusMillis(1500));

    dns.setDropQueries(false);
    assertThat(discovery.discover().size()).isEqualTo(1);
  }

  @Test
  void aServerThatIsNotRunningIsAnIoException() throws IOException {
    InetSocketAddress closed;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      closed = (InetSocketAddress) socket.getLocalSocketAddress();
    }
    Duration timeout = Duration.ofMillis(300);
    DnsSrvDiscovery discovery = discovery(SERVICE, closed, timeout, List.of());

    long start = System.nanoTime();
    assertThatThrownBy(discovery::discover).isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(timeout.plusMillis(1500));
  }

  @Test
  void aClosedDiscoveryThrows() {
    DnsSrvDiscovery discovery = discovery(SERVICE, List.of());
    discovery.close();
    discovery.close();

    assertThatThrownBy(discovery::discover)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new DnsSrvDiscovery(" ", null, TIMEOUT, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DnsSrvDiscovery("a..b", null, TIMEOUT, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DnsSrvDiscovery("a", null, Duration.ZERO, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DnsSrvDiscovery("a",
        InetSocketAddress.createUnresolved("dns.example", 53), TIMEOUT, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSystemConfigurationIsUsedWhenNoServerIsGiven() {
    try (DnsSrvDiscovery discovery = new DnsSrvDiscovery("winter-nodes", null, TIMEOUT)) {
      assertThat(discovery.queryNames()).first().isEqualTo("_raft._tcp.winter-nodes.");
      assertThat(discovery)
          .hasToString("DNS SRV _raft._tcp.winter-nodes via the system's name servers");
    }
  }

  @Test
  void parsesSearchDomainsOfResolvConf() {
    assertThat(DnsSrvDiscovery.parseSearchDomains(List.of(
        "# generated",
        "nameserver 10.96.0.10",
        "search default.svc.cluster.local svc.cluster.local cluster.local # k8s",
        "options ndots:5")))
        .containsExactly("default.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(DnsSrvDiscovery.parseSearchDomains(List.of("domain example.org", "search a b")))
        .containsExactly("a", "b");
    assertThat(DnsSrvDiscovery.parseSearchDomains(List.of("search a b", "domain example.org")))
        .containsExactly("example.org");
    assertThat(DnsSrvDiscovery.parseSearchDomains(List.of("; search a", "#search b", "search")))
        .isEmpty();
  }

  @Test
  void testServerAnswersAQueriesForTargetsAndConfiguredNames() throws IOException {
    dns.setSrv(SRV_NAME, records(0));
    dns.setA("db.example", "10.1.2.3");
    dns.setA("v6.example", "::1");

    try (DatagramSocket socket = client()) {
      byte[] target = ask(socket, host(0).toUpperCase() + ".", 1);
      assertThat(rcode(target)).isZero();
      assertThat(answers(target)).isEqualTo(1);
      assertThat(last4(target)).containsExactly(127, 0, 0, 1);

      byte[] configured = ask(socket, "db.example", 1);
      assertThat(answers(configured)).isEqualTo(1);
      assertThat(last4(configured)).containsExactly(10, 1, 2, 3);

      byte[] noAaaa = ask(socket, "db.example", 28);
      assertThat(rcode(noAaaa)).isZero();
      assertThat(answers(noAaaa)).isZero();
      assertThat(answers(ask(socket, "v6.example", 28))).isEqualTo(1);

      assertThat(rcode(ask(socket, "nowhere.example", 1))).isEqualTo(3);
      assertThat(rcode(ask(socket, SRV_NAME, 33))).isZero();
    }
  }

  @Test
  void testServerSurvivesJunk() throws IOException {
    dns.setSrv(SRV_NAME, records(0));
    try (DatagramSocket socket = client()) {
      send(socket, new byte[] {1, 2, 3});
      send(socket, new byte[0]);
      byte[] asResponse = query(7, SRV_NAME, 33);
      asResponse[2] |= (byte) 0x80;
      send(socket, asResponse);
      byte[] truncated = query(8, SRV_NAME, 33);
      send(socket, Arrays.copyOf(truncated, truncated.length - 3));
      byte[] loop = {0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
      send(socket, loop);

      byte[] answer = ask(socket, SRV_NAME, 33);
      assertThat(rcode(answer)).isZero();
      assertThat(answers(answer)).isEqualTo(1);
    }
    assertThat(discovery(SERVICE, List.of()).discover()).containsExactly(peer(0, 6061));
  }

  private static DatagramSocket client() throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    socket.setSoTimeout(5000);
    return socket;
  }

  private void send(DatagramSocket socket, byte[] bytes) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, dns.address()));
  }

  /** Sends a query and returns the response with the same id, skipping any other datagram. */
  private byte[] ask(DatagramSocket socket, String name, int type) throws IOException {
    int id = 0x1000 + type;
    send(socket, query(id, name, type));
    while (true) {
      DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
      socket.receive(packet);
      byte[] response = Arrays.copyOf(packet.getData(), packet.getLength());
      if (response.length >= 12 && ((response[0] & 0xff) << 8 | response[1] & 0xff) == id) {
        return response;
      }
    }
  }

  private static byte[] query(int id, String name, int type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort((short) id).putShort((short) 0x0100).putShort((short) 1);
    out.writeBytes(header.array());
    for (String label : name.split("\\.")) {
      if (!label.isEmpty()) {
        out.write(label.length());
        out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
      }
    }
    out.write(0);
    out.writeBytes(new byte[] {0, (byte) type, 0, 1});
    return out.toByteArray();
  }

  private static int rcode(byte[] response) {
    return response[3] & 0x0f;
  }

  private static int answers(byte[] response) {
    return (response[6] & 0xff) << 8 | response[7] & 0xff;
  }

  private static int[] last4(byte[] response) {
    int n = response.length;
    return new int[] {response[n - 4] & 0xff, response[n - 3] & 0xff, response[n - 2] & 0xff,
        response[n - 1] & 0xff};
  }
}
