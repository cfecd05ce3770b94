package io.winter.bench.driver.winter;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.winter.bench.driver.Completion;
import io.winter.bench.driver.KvConnection;
import java.nio.charset.StandardCharsets;

/** One pipelining connection speaking Winter's text protocol. */
final class WinterConnection implements KvConnection {

  private static final byte[] PUTNEW = "PUTNEW ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);

  private final Channel channel;
  private final ReplyMatcher matcher;

  WinterConnection(Channel channel, ReplyMatcher matcher) {
    this.channel = channel;
    this.matcher = matcher;
  }

  @Override
  public void putNew(String table, byte[] key, byte[] value, Completion done) {
    ByteBuf b = channel.alloc().buffer(PUTNEW.length + table.length() + key.length + value.length + 3);
    b.writeBytes(PUTNEW).writeCharSequence(table, StandardCharsets.US_ASCII);
    b.writeByte(' ').writeBytes(key).writeByte(' ').writeBytes(value).writeByte('\n');
    send(false, b, done);
  }

  @Override
  public void get(String table, byte[] key, Completion done) {
    ByteBuf b = channel.alloc().buffer(GET.length + table.length() + key.length + 2);
    b.writeBytes(GET).writeCharSequence(table, StandardCharsets.US_ASCII);
    b.writeByte(' ').writeBytes(key).writeByte('\n');
    send(true, b, done);
  }

  private void send(boolean read, ByteBuf request, Completion done) {
    matcher.expect(read, done);
    channel.write(request, channel.voidPromise());
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  /** Hands each reply line (delimiter already stripped) to the matcher. */
  static final class ReplyHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final ReplyMatcher matcher;

    ReplyHandler(ReplyMatcher matcher) {
      this.matcher = matcher;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
      int n = Math.min(line.readableBytes(), ReplyMatcher.HEAD_BYTES);
      matcher.onReply(line.toString(line.readerIndex(), n, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      matcher.failAll("connection closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      matcher.failAll("connection failed: " + cause);
      ctx.close();
    }
  }
}
