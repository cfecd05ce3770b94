package io.winter.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.winter.command.Reply;
import java.util.concurrent.atomic.AtomicInteger;

/** Refuses connections over the node's limit with one error line, then closes them. */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private final int maxConnections;
  private final AtomicInteger open = new AtomicInteger();
  private final Runnable onRefused;

  public ConnectionLimiter(int maxConnections) {
    this(maxConnections, () -> { });
  }

  /** A limiter that also runs {@code onRefused} for every connection it refuses. */
  public ConnectionLimiter(int maxConnections, Runnable onRefused) {
    this.maxConnections = maxConnections;
    this.onRefused = onRefused;
  }

  public int openConnections() {
    return open.get();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > maxConnections) {
      onRefused.run();
      ctx.channel().config().setAutoRead(false);
      // From the channel's tail, so the reply passes the encoder that comes after this handler.
      ctx.channel().writeAndFlush(Reply.error("too many connections: limit " + maxConnections))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    open.decrementAndGet();
    super.channelInactive(ctx);
  }
}
