package io.winter.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.winter.codec.LineFrameDecoder;
import io.winter.codec.ReplyEncoder;
import io.winter.command.CommandExecutor;
import io.winter.command.CommandParser;
import io.winter.command.ParserLimits;
import io.winter.metrics.GatewayMetrics;
import io.winter.metrics.TrafficCounter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TCP server of the text protocol: one pipeline of decoder, encoder and handler per client. */
public final class GatewayServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private static final long DRAIN_SECONDS = 5;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Channel channel;
  private final ConnectionLimiter limiter;
  /** Open client connections (closed ones leave by themselves), for the drain at close. */
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private volatile boolean closing;

  /** Protocol limits of one node. */
  public record Limits(int maxLineBytes, ParserLimits parser, int maxConnections,
                       int maxPipeline) {}

  private GatewayServer(String host, int port, Limits limits, int ioThreads,
                        CommandExecutor executor, GatewayMetrics metrics,
                        GatewayTransport transport) throws InterruptedException {
    this.boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
    this.workers = new MultiThreadIoEventLoopGroup(eventLoops(ioThreads), transport.ioHandlers());
    this.limiter = new ConnectionLimiter(limits.maxConnections(),
        () -> metrics.rejected(GatewayMetrics.Rejection.TOO_MANY_CONNECTIONS));
    metrics.watchConnections(limiter::openConnections);
    TrafficCounter traffic = new TrafficCounter(metrics);
    ReplyEncoder encoder = new ReplyEncoder();
    CommandParser parser = new CommandParser(limits.parser());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            ch.pipeline().addLast("traffic", traffic)
                .addLast("limit", limiter)
                .addLast("frames", new LineFrameDecoder(limits.maxLineBytes()))
                .addLast("replies", encoder)
                .addLast("commands",
                    new ConnectionHandler(parser, executor, limits.maxPipeline(), inFlight));
            if (closing) {
              // accepted before the close, set up after close() told the connections to stop
              ch.pipeline().fireUserEventTriggered(ConnectionHandler.STOP);
            }
          }
        });
    try {
      this.channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
    } catch (Throwable e) {
      // a port in use (thrown undeclared by Netty) must not leave the event loops' threads
      // behind in a process that goes on
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
    LOG.info("text protocol listening on {} ({})", channel.localAddress(), transport.describe());
  }

  public static GatewayServer start(String host, int port, Limits limits,
                                    CommandExecutor executor) throws InterruptedException {
    return start(host, port, limits, 0, executor, GatewayMetrics.disabled());
  }

  /**
   * Starts a gateway with {@code ioThreads} event loops (0: {@link #eventLoops automatic}) that
   * counts its connections, traffic and rejections in {@code metrics}.
   */
  public static GatewayServer start(String host, int port, Limits limits, int ioThreads,
                                    CommandExecutor executor, GatewayMetrics metrics)
      throws InterruptedException {
    return new GatewayServer(host, port, limits, ioThreads, executor, metrics,
        GatewayTransport.choose());
  }

  static GatewayServer start(String host, int port, Limits limits, CommandExecutor executor,
                             GatewayMetrics metrics, GatewayTransport transport)
      throws InterruptedException {
    return new GatewayServer(host, port, limits, 0, executor, metrics, transport);
  }

  /**
   * The event loops for client connections: the configured count, else one per two cores (at
   * least one). A table's batch of replies goes to connections spread over the loops, and each
   * other loop it reaches must be woken: on 2 cores one loop instead of Netty's default four
   * took about a fifth less CPU per write (docs/benchmarks.md).
   */
  static int eventLoops(int configured) {
    return configured > 0 ? configured
        : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  public int openConnections() {
    return limiter.openConnections();
  }

  /** How many event loops serve the connections. */
  int eventLoopCount() {
    int loops = 0;
    for (EventExecutor ignored : workers) {
      loops++;
    }
    return loops;
  }

  /**
   * Stops accepting and drains the connections: each stops reading, answers what it read and
   * had not sent to the store with an error, and closes once every reply is written. Commands
   * already sent to the store get their replies; after {@value #DRAIN_SECONDS} s the rest of
   * the connections are closed.
   */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    closing = true;
    for (Channel c : connections) {
      c.pipeline().fireUserEventTriggered(ConnectionHandler.STOP);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
    while ((inFlight.get() > 0 || !connections.isEmpty()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    boss.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly();
  }
}
