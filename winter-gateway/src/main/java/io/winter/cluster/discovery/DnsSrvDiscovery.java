package io.winter.cluster.discovery;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery from the DNS SRV records {@code _raft._tcp.<serviceName>}, as a Kubernetes headless
 * Service publishes them for the pods of a StatefulSet.
 *
 * <p>Each SRV answer is one node: its id is the first label of the target
 * ({@code winter-0.winter-nodes.default.svc.cluster.local.} is {@code winter-0}), its host the
 * whole target without the trailing dot (a stable name, never resolved to an address here), its
 * port the record's port. Names are lowercased, as DNS compares them without case.
 *
 * <p>The name is asked as given first; when that finds nothing, it is asked again with each
 * search domain appended in turn, and the first name with answers wins. A name ending in a dot is
 * absolute and asked only as given.
 *
 * <p>A name that does not exist (NXDOMAIN) or has no SRV records, as given and under every search
 * domain, gives an empty list: the DNS worked and lists no node yet (a headless Service without
 * ready pods answers NXDOMAIN). A timeout, an unreachable server or a server failure (SERVFAIL)
 * throws {@link IOException}. A response code other than NXDOMAIN and SERVFAIL, such as REFUSED,
 * reaches this class from Netty's resolver as no answer, so it also gives an empty list.
 */
public final class DnsSrvDiscovery implements PeerDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(DnsSrvDiscovery.class);

  /** The prefix of the SRV name: service {@code raft} over TCP. */
  public static final String SRV_PREFIX = "_raft._tcp.";

  private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
  private static final long WAIT_SLACK_MILLIS = 1000;

  private final String srvName;
  private final List<String> queryNames;
  private final Duration queryTimeout;
  private final String servers;
  private final long waitMillis;
  private final EventLoopGroup group;
  private final DnsNameResolver resolver;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Discovery asking {@code dnsServerOrNull}, or the system's name servers when it is null, with
   * the search domains of {@code /etc/resolv.conf}.
   */
  public DnsSrvDiscovery(String serviceName, InetSocketAddress dnsServerOrNull,
                         Duration queryTimeout) {
    this(serviceName, dnsServerOrNull, queryTimeout, systemSearchDomains());
  }

  /** Discovery as above with the given search domains instead of those of the system. */
  public DnsSrvDiscovery(String serviceName, InetSocketAddress dnsServerOrNull,
                         Duration queryTimeout, List<String> searchDomains) {
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Objects.requireNonNull(searchDomains, "searchDomains");
    String service = serviceName.strip();
    if (service.isEmpty() || service.startsWith(".") || service.contains("..")
        || service.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("invalid DNS service name '" + serviceName + "'");
    }
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("DNS query timeout must be positive: " + queryTimeout);
    }
    if (dnsServerOrNull != null && dnsServerOrNull.isUnresolved()) {
      throw new IllegalArgumentException("DNS server address must be resolved: " + dnsServerOrNull);
    }
    this.srvName = SRV_PREFIX + service;
    this.queryNames = queryNames(srvName, searchDomains);
    this.queryTimeout = queryTimeout;

    DnsServerAddressStreamProvider provider = dnsServerOrNull == null
        ? DnsServerAddressStreamProviders.platformDefault()
        : new SingletonDnsServerAddressStreamProvider(dnsServerOrNull);
    int serverCount = Math.max(1, provider.nameServerAddressStream(srvName).size());
    this.servers = dnsServerOrNull == null ? "the system's name servers"
        : dnsServerOrNull.getAddress().getHostAddress() + ":" + dnsServerOrNull.getPort();
    // Netty's own timeout applies per server, so one lookup may take one timeout per server;
    // this wait is only a backstop should Netty never complete the future.
    this.waitMillis = queryTimeout.toMillis() * serverCount + WAIT_SLACK_MILLIS;

    this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("winter-dns", true),
        NioIoHandler.newFactory());
    try {
      this.resolver = new DnsNameResolverBuilder(group.next())
          .datagramChannelType(NioDatagramChannel.class)
          // answers too long for UDP come truncated; Netty then asks again over TCP
          .socketChannelType(NioSocketChannel.class)
          .nameServerProvider(provider)
          .queryTimeoutMillis(queryTimeout.toMillis())
          // search domains are applied here, in the documented order, not by Netty
          .searchDomains(List.of())
          // membership must follow the records as they change, so nothing is cached
          .resolveCache(NoopDnsCache.INSTANCE)
          .cnameCache(NoopDnsCnameCache.INSTANCE)
          .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
          .recursionDesired(true)
          .build();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** The SRV name as given, such as {@code _raft._tcp.winter-nodes}. */
  public String srvName() {
    return srvName;
  }

  /** The fully qualified names {@link #discover()} asks, in order, until one has answers. */
  public List<String> queryNames() {
    return queryNames;
  }

  @Override
  public List<PeerAddress> discover() throws IOException {
    for (String name : queryNames) {
      List<PeerAddress> peers = lookup(name);
      if (!peers.isEmpty()) {
        return peers;
      }
    }
    LOG.debug("no SRV records for {} (asked {})", srvName, queryNames);
    return List.of();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    resolver.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "DNS SRV " + srvName + " via " + servers;
  }

  private List<PeerAddress> lookup(String name) throws IOException {
    if (closed.get()) {
      throw new IOException("DNS discovery of " + srvName + " is closed");
    }
    Future<List<DnsRecord>> future =
        resolver.resolveAll(new DefaultDnsQuestion(name, DnsRecordType.SRV));
    boolean done;
    try {
      done = future.await(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(future);
      throw new InterruptedIOException("interrupted while asking DNS for SRV " + name);
    }
    if (!done) {
      abandon(future);
      throw new IOException("DNS lookup of SRV " + name + " via " + servers
          + " did not complete within " + waitMillis + " ms");
    }
    if (!future.isSuccess()) {
      Throwable cause = future.cause();
      if (isNoSuchRecords(cause)) {
        return List.of();
      }
      throw new IOException("DNS lookup of SRV " + name + " via " + servers + " failed: "
          + describe(cause), cause);
    }
    List<DnsRecord> records = future.getNow();
    try {
      return toPeers(name, records);
    } finally {
      records.forEach(ReferenceCountUtil::safeRelease);
    }
  }

  private static void abandon(Future<List<DnsRecord>> future) {
    future.cancel(false);
    // the lookup may have completed meanwhile: its records must still be released
    future.addListener(f -> {
      if (f.isSuccess()) {
        future.getNow().forEach(ReferenceCountUtil::safeRelease);
      }
    });
  }

  /**
   * Whether the failure means the name has no SRV records: Netty reports NXDOMAIN through a
   * {@link DnsErrorCauseException} and a response without matching answers with no cause, while
   * timeouts, transport errors and SERVFAIL carry their own cause.
   */
  private static boolean isNoSuchRecords(Throwable failure) {
    if (!(failure instanceof UnknownHostException)) {
      return false;
    }
    Throwable cause = failure.getCause();
    return cause == null || cause instanceof DnsErrorCauseException e
        && e.getCode().intValue() == DnsResponseCode.NXDOMAIN.intValue();
  }

  private String describe(Throwable failure) {
    if (DnsNameResolver.isTimeoutError(failure)) {
      return "no answer within " + queryTimeout.toMillis() + " ms";
    }
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof DnsErrorCauseException e) {
      return "server answered " + e.getCode();
    }
    return String.valueOf(cause.getMessage());
  }

  private static List<PeerAddress> toPeers(String name, List<DnsRecord> records) {
    List<Srv> answers = new ArrayList<>();
    for (DnsRecord record : records) {
      if (record.type() != DnsRecordType.SRV || !(record instanceof DnsRawRecord raw)) {
        continue;
      }
      Srv srv = decodeSrv(raw.content());
      if (srv == null) {
        LOG.warn("ignoring a malformed SRV record of {}", name);
      } else if (!srv.target().isEmpty()) {
        answers.add(srv);
      }
    }
    // of the records naming one node, the one a client would prefer wins
    answers.sort(Comparator.comparingInt(Srv::priority)
        .thenComparing(Comparator.comparingInt(Srv::weight).reversed())
        .thenComparingInt(Srv::port)
        .thenComparing(Srv::target));
    Map<String, PeerAddress> byId = new LinkedHashMap<>();
    for (Srv srv : answers) {
      String host = srv.target();
      int dot = host.indexOf('.');
      String id = dot < 0 ? host : host.substring(0, dot);
      try {
        byId.putIfAbsent(id, new PeerAddress(id, host, srv.port()));
      } catch (IllegalArgumentException e) {
        LOG.warn("ignoring SRV record {} of {}: {}", srv, name, e.getMessage());
      }
    }
    List<PeerAddress> peers = new ArrayList<>(byId.values());
    peers.sort(Comparator.comparing(PeerAddress::id));
    return List.copyOf(peers);
  }

  /**
   * The SRV rdata: priority, weight and port (16 bits each), then the target name. The target
   * may be compressed (RFC 2782 forbids it, yet servers do it): its pointers count from the start
   * of the message. Netty's decoder gives an SRV record a duplicate of the whole message bounded
   * to the rdata, not a slice, so {@link DefaultDnsRecordDecoder#decodeName} can follow them.
   * The root target {@code .} means "no such service" and decodes to an empty target.
   */
  static Srv decodeSrv(ByteBuf content) {
    ByteBuf in = content.duplicate();
    if (in.readableBytes() < 7) {
      return null;
    }
    int priority = in.readUnsignedShort();
    int weight = in.readUnsignedShort();
    int port = in.readUnsignedShort();
    String target;
    try {
      target = DefaultDnsRecordDecoder.decodeName(in);
    } catch (RuntimeException e) {
      return null;
    }
    if (target.endsWith(".")) {
      target = target.substring(0, target.length() - 1);
    }
    return new Srv(priority, weight, port, target.toLowerCase(Locale.ROOT));
  }

  static List<String> queryNames(String srvName, List<String> searchDomains) {
    if (srvName.endsWith(".")) {
      return List.of(srvName);
    }
    List<String> names = new ArrayList<>();
    names.add(srvName + ".");
    for (String domain : searchDomains) {
      String d = domain.strip();
      while (d.startsWith(".")) {
        d = d.substring(1);
      }
      while (d.endsWith(".")) {
        d = d.substring(0, d.length() - 1);
      }
      String name = srvName + "." + d + ".";
      if (!d.isEmpty() && !names.contains(name)) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /** The search domains of {@code /etc/resolv.conf}; none when it cannot be read. */
  static List<String> systemSearchDomains() {
    try {
      return parseSearchDomains(Files.readAllLines(RESOLV_CONF, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      LOG.debug("no search domains: cannot read {}: {}", RESOLV_CONF, e.toString());
      return List.of();
    }
  }

  /**
   * The search domains of resolv.conf lines: those of the last {@code search} or
   * {@code domain} line, as the system resolver takes them.
   */
  static List<String> parseSearchDomains(List<String> lines) {
    List<String> domains = List.of();
    for (String line : lines) {
      String[] words = line.strip().split("\\s+");
      if (words.length < 2 || words[0].startsWith("#") || words[0].startsWith(";")) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (int i = 1; i < words.length && !words[i].startsWith("#")
          && !words[i].startsWith(";"); i++) {
        values.add(words[i]);
      }
      if (values.isEmpty()) {
        continue;
      }
      if (words[0].equals("search")) {
        domains = List.copyOf(values);
      } else if (words[0].equals("domain")) {
        domains = List.of(values.get(0));
      }
    }
    return domains;
  }

  /** One decoded SRV answer; an empty target stands for the root, "no such service". */
  record Srv(int priority, int weight, int port, String target) {}
}
