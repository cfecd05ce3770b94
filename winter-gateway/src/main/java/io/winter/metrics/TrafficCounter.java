package io.winter.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes each client connection reads and writes; sits first in the pipeline. */
@Sharable
public final class TrafficCounter extends ChannelDuplexHandler {
  private final GatewayMetrics metrics;

  public TrafficCounter(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    metrics.received(size(msg));
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    metrics.sent(size(msg));
    super.write(ctx, msg, promise);
  }

  private static int size(Object msg) {
    if (msg instanceof ByteBuf buf) {
      return buf.readableBytes();
    }
    if (msg instanceof ByteBufHolder holder) {
      return holder.content().readableBytes();
    }
    return 0;
  }
}
