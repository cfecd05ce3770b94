package io.winter.codec;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator of heap buffers that remembers every buffer it hands out, so that a test can
 * tell how many bytes a channel still holds and whether it released them all.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> handedOut = new ArrayList<>();

  public TrackingAllocator() {
    super(false);
  }

  /** A counted buffer holding a copy of {@code length} bytes of {@code bytes} from {@code from}. */
  public ByteBuf copyOf(byte[] bytes, int from, int length) {
    return heapBuffer(length).writeBytes(bytes, from, length);
  }

  /** The readable bytes of every buffer not yet released. */
  public long liveReadableBytes() {
    handedOut.removeIf(buf -> buf.refCnt() == 0);
    return handedOut.stream().mapToLong(ByteBuf::readableBytes).sum();
  }

  /** The capacity of every buffer not yet released: the memory they hold. */
  public long liveCapacity() {
    handedOut.removeIf(buf -> buf.refCnt() == 0);
    return handedOut.stream().mapToLong(ByteBuf::capacity).sum();
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    handedOut.add(buf);
    return buf;
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    // Heap memory is counted the same way, and the tests need nothing else.
    return newHeapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }
}
