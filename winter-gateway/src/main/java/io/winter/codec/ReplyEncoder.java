package io.winter.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.winter.command.Reply;

/** Writes each {@link Reply} as its bytes followed by CRLF. */
@Sharable
public final class ReplyEncoder extends MessageToByteEncoder<Reply> {

  private static final byte[] CRLF = {'\r', '\n'};

  public ReplyEncoder() {
    super(Reply.class);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Reply reply, boolean preferDirect) {
    int size = reply.length() + CRLF.length;
    return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Reply reply, ByteBuf out) {
    out.writeBytes(reply.content());
    out.writeBytes(CRLF);
  }
}
