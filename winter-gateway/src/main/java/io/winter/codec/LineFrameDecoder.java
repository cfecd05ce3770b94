package io.winter.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits inbound bytes into {@link RequestLine}s on LF, turning each line longer than the limit
 * into a single {@link RequestLine#tooLong} mark while holding at most about a limit's worth of
 * bytes.
 */
public final class LineFrameDecoder extends ByteToMessageDecoder {

  private static final byte LF = '\n';
  private static final byte CR = '\r';

  private final int maxLineBytes;

  /** True while skipping the rest of a too-long line whose mark was already emitted. */
  private boolean discarding;

  /**
   * How many bytes after the reader index are known to hold no LF, so that a long line arriving
   * in many small reads is scanned once rather than once per read.
   */
  private int scanned;

  public LineFrameDecoder(int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int start = in.readerIndex();
      int end = in.writerIndex();
      int lf = in.indexOf(start + scanned, end, LF);
      if (discarding) {
        if (lf < 0) {
          in.skipBytes(end - start);
          return;
        }
        in.readerIndex(lf + 1);
        discarding = false;
        scanned = 0;
        continue;
      }
      if (lf < 0) {
        int readable = end - start;
        // The last byte may be a CR that belongs to the line ending, so only one byte
        // more than the limit proves nothing; two more do.
        if (readable > maxLineBytes + 1) {
          out.add(RequestLine.tooLong(maxLineBytes));
          in.skipBytes(readable);
          discarding = true;
          scanned = 0;
        } else {
          scanned = readable;
        }
        return;
      }
      int length = lf - start;
      if (length > 0 && in.getByte(lf - 1) == CR) {
        length--;
      }
      if (length > maxLineBytes) {
        out.add(RequestLine.tooLong(maxLineBytes));
      } else {
        byte[] bytes = new byte[length];
        in.getBytes(start, bytes);
        out.add(RequestLine.of(bytes));
      }
      in.readerIndex(lf + 1);
      scanned = 0;
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    // A final line the peer never terminated is not a request: it gets no reply.
    decode(ctx, in, out);
    in.skipBytes(in.readableBytes());
  }
}
