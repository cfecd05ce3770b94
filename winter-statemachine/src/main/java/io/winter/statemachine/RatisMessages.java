package io.winter.statemachine;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.winter.proto.CatalogCommand;
import io.winter.proto.CatalogCommandReply;
import io.winter.proto.CatalogQuery;
import io.winter.proto.CatalogQueryReply;
import io.winter.proto.TableCommand;
import io.winter.proto.TableCommandReply;
import io.winter.proto.TableQuery;
import io.winter.proto.TableQueryReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The one place where Winter's protobuf messages meet Ratis' shaded {@code ByteString}.
 *
 * <p>Ratis carries its own (shaded) protobuf, so the two libraries' types never mix: messages
 * cross the boundary as bytes, wrapped without copying where the bytes are never mutated again.
 */
public final class RatisMessages {
  private RatisMessages() {}

  /** Wraps a message as a Ratis message (the serialized bytes are handed over, not copied). */
  public static Message toMessage(MessageLite message) {
    return Message.valueOf(toByteString(message));
  }

  /** Serializes a message into a shaded ByteString without an extra copy. */
  public static ByteString toByteString(MessageLite message) {
    return UnsafeByteOperations.unsafeWrap(message.toByteArray());
  }

  public static TableCommand tableCommand(ByteString bytes) throws InvalidProtocolBufferException {
    return parse(bytes, TableCommand.parser());
  }

  public static TableCommandReply tableCommandReply(Message message)
      throws InvalidProtocolBufferException {
    return parse(message.getContent(), TableCommandReply.parser());
  }

  public static TableQuery tableQuery(Message message) throws InvalidProtocolBufferException {
    return parse(message.getContent(), TableQuery.parser());
  }

  public static TableQueryReply tableQueryReply(Message message)
      throws InvalidProtocolBufferException {
    return parse(message.getContent(), TableQueryReply.parser());
  }

  public static CatalogCommand catalogCommand(ByteString bytes)
      throws InvalidProtocolBufferException {
    return parse(bytes, CatalogCommand.parser());
  }

  public static CatalogCommandReply catalogCommandReply(Message message)
      throws InvalidProtocolBufferException {
    return parse(message.getContent(), CatalogCommandReply.parser());
  }

  public static CatalogQuery catalogQuery(Message message) throws InvalidProtocolBufferException {
    return parse(message.getContent(), CatalogQuery.parser());
  }

  public static CatalogQueryReply catalogQueryReply(Message message)
      throws InvalidProtocolBufferException {
    return parse(message.getContent(), CatalogQueryReply.parser());
  }

  /** The bytes of a message as an unshaded protobuf ByteString, for bytes fields. */
  public static com.google.protobuf.ByteString bytesOf(byte[] bytes) {
    return com.google.protobuf.UnsafeByteOperations.unsafeWrap(bytes);
  }

  private static <T> T parse(ByteString bytes, Parser<T> parser)
      throws InvalidProtocolBufferException {
    return parser.parseFrom(bytes.asReadOnlyByteBuffer());
  }
}
