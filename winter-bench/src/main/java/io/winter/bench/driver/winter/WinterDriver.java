package io.winter.bench.driver.winter;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.winter.bench.driver.KvConnection;
import io.winter.bench.driver.KvDriver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Drives Winter nodes over the text protocol; connection i goes to node i mod n. */
public final class WinterDriver implements KvDriver {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_REPLY = 2 * 1024 * 1024;

  private final List<InetSocketAddress> nodes;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;

  public WinterDriver(List<InetSocketAddress> nodes, int ioThreads) {
    this.nodes = List.copyOf(nodes);
    // epoll where it loads, as Lettuce and gRPC (jetcd) choose for themselves
    boolean epoll = Epoll.isAvailable();
    this.group = new MultiThreadIoEventLoopGroup(ioThreads,
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.bootstrap = new Bootstrap().group(group)
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
  }

  @Override
  public void resetTables(List<String> tables) throws IOException {
    try (LineClient c = admin()) {
      for (String t : tables) {
        expect(c, "DROP " + t, Set.of("dropped", "missing table"));
        expect(c, "CREATE " + t, Set.of("created"));
      }
    }
  }

  @Override
  public void dropTables(List<String> tables) throws IOException {
    try (LineClient c = admin()) {
      for (String t : tables) {
        expect(c, "DROP " + t, Set.of("dropped", "missing table"));
      }
    }
  }

  private LineClient admin() throws IOException {
    InetSocketAddress a = nodes.get(0);
    return LineClient.connect(a.getHostString(), a.getPort(), ADMIN_TIMEOUT);
  }

  private static void expect(LineClient c, String line, Set<String> ok) throws IOException {
    String reply = c.send(line);
    if (!ok.contains(reply)) {
      throw new IOException(line + " answered '" + reply + "', expected one of " + ok);
    }
  }

  @Override
  public KvConnection connect(int index) {
    ReplyMatcher matcher = new ReplyMatcher();
    Channel ch = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel c) {
        c.pipeline().addLast(new LineBasedFrameDecoder(MAX_REPLY, true, true),
            new WinterConnection.ReplyHandler(matcher));
      }
    }).connect(nodes.get(index % nodes.size())).syncUninterruptibly().channel();
    return new WinterConnection(ch, matcher);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
