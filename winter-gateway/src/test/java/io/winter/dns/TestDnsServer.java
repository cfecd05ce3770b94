package io.winter.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real UDP DNS server on 127.0.0.1 and an ephemeral port that answers from a table the test
 * changes while it runs.
 *
 * <p>It answers SRV queries from {@link #setSrv}, A and AAAA queries from {@link #setA}, and A
 * queries for every SRV target not in that table with 127.0.0.1. A name it knows answers NOERROR,
 * with no records when it has none of the type asked; any other name answers NXDOMAIN. Answers
 * are authoritative with TTL 0, so no resolver keeps them. Names compare without case and with
 * or without the trailing dot. Packets it cannot decode are dropped, never answered.
 *
 * <p>All methods are thread-safe; a change applies to the next query.
 */
public final class TestDnsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TestDnsServer.class);
  private static final Pattern LABELS =
      Pattern.compile("[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*\\.?");
  private static final int HEADER_BYTES = 12;

  /** One SRV record: its priority, weight, port and target host name. */
  public record Srv(int priority, int weight, int port, String target) {
    public Srv {
      Objects.requireNonNull(target, "target");
      if (priority < 0 || priority > 0xffff || weight < 0 || weight > 0xffff
          || port < 0 || port > 0xffff) {
        throw new IllegalArgumentException("priority, weight and port must be 0..65535");
      }
      if (!target.equals(".") && !LABELS.matcher(target).matches()) {
        throw new IllegalArgumentException("invalid SRV target '" + target + "'");
      }
    }

    /** A record of priority 0 and weight 10, as a headless Service lists its pods. */
    public static Srv of(String target, int port) {
      return new Srv(0, 10, port, target);
    }
  }

  private final Map<String, List<Srv>> srv = new ConcurrentHashMap<>();
  private final Map<String, InetAddress> addresses = new ConcurrentHashMap<>();
  private final AtomicInteger queries = new AtomicInteger();
  private volatile boolean dropQueries;
  private volatile DnsResponseCode failure;
  private volatile boolean compressTargets;
  private final EventLoopGroup group;
  private final Channel channel;

  private TestDnsServer(InetAddress bindAddress) throws InterruptedException {
    group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-dns", true),
        NioIoHandler.newFactory());
    try {
      channel = new Bootstrap()
          .group(group)
          .channel(NioDatagramChannel.class)
          .handler(new ChannelInitializer<DatagramChannel>() {
            @Override
            protected void initChannel(DatagramChannel ch) {
              ch.pipeline().addLast(new PacketCounter(), new DatagramDnsQueryDecoder(),
                  new DatagramDnsResponseEncoder(), new QueryHandler());
            }
          })
          .bind(new InetSocketAddress(bindAddress, 0))
          .sync()
          .channel();
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static TestDnsServer start() throws InterruptedException {
    return new TestDnsServer(InetAddress.getLoopbackAddress());
  }

  /** Starts a server on the given local address (e.g. a test bridge's) and a free port. */
  public static TestDnsServer start(InetAddress bindAddress) throws InterruptedException {
    return new TestDnsServer(bindAddress);
  }

  /** Where the server listens: its address and port. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** {@code address:port}, as {@code WINTER_DNS_SERVER} takes it. */
  public String hostPort() {
    return address().getAddress().getHostAddress() + ":" + address().getPort();
  }

  /** Sets the SRV records of {@code name}; an empty list makes the name exist without any. */
  public void setSrv(String name, List<Srv> records) {
    srv.put(key(name), List.copyOf(records));
  }

  /** Removes the SRV records of {@code name}. */
  public void removeSrv(String name) {
    srv.remove(key(name));
  }

  /** Sets the address of {@code name}: an IPv4 literal for A queries, IPv6 for AAAA. */
  public void setA(String name, String ip) {
    try {
      addresses.put(key(name), InetAddress.getByName(literal(ip)));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + ip, e);
    }
  }

  /** Removes the address of {@code name}. */
  public void removeA(String name) {
    addresses.remove(key(name));
  }

  /** Removes every record. */
  public void clear() {
    srv.clear();
    addresses.clear();
  }

  /** While true, queries are read and never answered, like a server that is down. */
  public void setDropQueries(boolean drop) {
    dropQueries = drop;
  }

  /** While not null, every query is answered with this code (e.g. SERVFAIL) and no records. */
  public void setFailure(DnsResponseCode codeOrNull) {
    failure = codeOrNull;
  }

  /**
   * While true, SRV targets are written with a compression pointer to the suffix they share
   * with the question name, as some servers do despite RFC 2782.
   */
  public void setCompressTargets(boolean compress) {
    compressTargets = compress;
  }

  /** How many queries the server has received, junk included. */
  public int queryCount() {
    return queries.get();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "TestDnsServer " + hostPort();
  }

  private static String key(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private static String literal(String ip) {
    // an IP literal never triggers a lookup; a name would, through the system resolver
    if (!ip.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      throw new IllegalArgumentException("not an IP literal: " + ip);
    }
    return ip;
  }

  private final class PacketCounter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      queries.incrementAndGet();
      ctx.fireChannelRead(msg);
    }
  }

  private final class QueryHandler extends SimpleChannelInboundHandler<DatagramDnsQuery> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
      if (dropQueries) {
        return;
      }
      DatagramDnsResponse response =
          new DatagramDnsResponse(query.recipient(), query.sender(), query.id(), query.opCode());
      response.setRecursionDesired(query.isRecursionDesired());
      response.setRecursionAvailable(true);
      response.setAuthoritativeAnswer(true);
      try {
        answer(query, response);
      } catch (RuntimeException e) {
        LOG.warn("cannot answer {}", query, e);
        response.clear(DnsSection.ANSWER);
        response.setCode(DnsResponseCode.SERVFAIL);
      }
      ctx.writeAndFlush(response).addListener(f -> {
        if (!f.isSuccess()) {
          LOG.debug("cannot send a DNS response", f.cause());
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // junk must not stop the server: the packet is dropped, the channel stays open
      LOG.debug("dropping an undecodable DNS packet: {}", cause.toString());
    }
  }

  private void answer(DatagramDnsQuery query, DatagramDnsResponse response) {
    if (query.opCode() != DnsOpCode.QUERY) {
      response.setCode(DnsResponseCode.NOTIMP);
      return;
    }
    if (query.count(DnsSection.QUESTION) != 1) {
      response.setCode(DnsResponseCode.FORMERR);
      return;
    }
    DnsQuestion asked = query.recordAt(DnsSection.QUESTION, 0);
    DnsQuestion question = new DefaultDnsQuestion(asked.name(), asked.type(), asked.dnsClass());
    response.addRecord(DnsSection.QUESTION, question);
    DnsResponseCode code = failure;
    if (code != null) {
      response.setCode(code);
      return;
    }
    if (question.dnsClass() != DnsRecord.CLASS_IN) {
      response.setCode(DnsResponseCode.REFUSED);
      return;
    }
    String name = key(question.name());
    List<Srv> srvRecords = srv.get(name);
    InetAddress address = addresses.get(name);
    boolean target = address == null && isSrvTarget(name);
    if (srvRecords == null && address == null && !target) {
      response.setCode(DnsResponseCode.NXDOMAIN);
      return;
    }
    response.setCode(DnsResponseCode.NOERROR);
    DnsRecordType type = question.type();
    if (type == DnsRecordType.SRV && srvRecords != null) {
      for (Srv record : srvRecords) {
        response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(),
            DnsRecordType.SRV, 0, srvData(record, question.name())));
      }
    } else if (type == DnsRecordType.A || type == DnsRecordType.AAAA) {
      InetAddress ip = target ? InetAddress.getLoopbackAddress() : address;
      boolean v4 = ip instanceof Inet4Address;
      if (ip != null && v4 == (type == DnsRecordType.A)) {
        response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), type, 0,
            Unpooled.wrappedBuffer(ip.getAddress())));
      }
    }
  }

  private boolean isSrvTarget(String name) {
    for (Collection<Srv> records : srv.values()) {
      for (Srv record : records) {
        if (key(record.target()).equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private ByteBuf srvData(Srv record, String questionName) {
    ByteBuf data = Unpooled.buffer();
    data.writeShort(record.priority());
    data.writeShort(record.weight());
    data.writeShort(record.port());
    List<String> target = labels(record.target());
    List<String> question = labels(questionName);
    int shared = 0;
    if (compressTargets) {
      while (shared < target.size() - 1 && shared < question.size()
          && target.get(target.size() - 1 - shared)
              .equalsIgnoreCase(question.get(question.size() - 1 - shared))) {
        shared++;
      }
    }
    for (String label : target.subList(0, target.size() - shared)) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      data.writeByte(bytes.length);
      data.writeBytes(bytes);
    }
    if (shared == 0) {
      data.writeByte(0);
    } else {
      // the encoder writes the header and then the question name, uncompressed, at offset 12
      int offset = HEADER_BYTES;
      for (String label : question.subList(0, question.size() - shared)) {
        offset += 1 + label.length();
      }
      data.writeShort(0xc000 | offset);
    }
    return data;
  }

  private static List<String> labels(String name) {
    List<String> labels = new ArrayList<>();
    for (String label : name.split("\\.")) {
      if (!label.isEmpty()) {
        labels.add(label);
      }
    }
    return labels;
  }
}
