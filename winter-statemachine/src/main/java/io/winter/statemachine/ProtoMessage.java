package io.winter.statemachine;

import com.google.protobuf.MessageLite;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * A Ratis message that keeps the protobuf message it carries and serializes it only when Ratis
 * asks for its bytes.
 *
 * <p>Within one process (a request handed to the local leader, the reply it gets back, a read
 * of a one-voter group) nothing asks: the receiver takes the message itself through
 * {@link RatisMessages}, instead of parsing a copy of every key and value out of bytes made a
 * moment before. Over gRPC, and in the log, the bytes are the same as ever.
 */
final class ProtoMessage implements Message {
  private final MessageLite value;
  /** Serialized on first use; any thread may race to it, every one makes the same bytes. */
  private volatile ByteString content;

  ProtoMessage(MessageLite value) {
    this.value = value;
  }

  MessageLite value() {
    return value;
  }

  @Override
  public ByteString getContent() {
    ByteString bytes = content;
    if (bytes == null) {
      bytes = RatisMessages.toByteString(value);
      content = bytes;
    }
    return bytes;
  }

  /** Ratis sizes every request against its pending-bytes limit: no need to serialize for it. */
  @Override
  public int size() {
    return value.getSerializedSize();
  }

  @Override
  public String toString() {
    return value.getClass().getSimpleName() + "(" + size() + " bytes)";
  }
}
