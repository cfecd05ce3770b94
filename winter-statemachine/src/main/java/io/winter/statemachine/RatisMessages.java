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
 * A message made here keeps the protobuf message it was made from (see {@link ProtoMessage}),
 * and the readers here take that one back instead of parsing its bytes.
 */
public final class RatisMessages {
  private RatisMessages() {}

  /** Wraps a message as a Ratis message, serialized only if Ratis asks for its bytes. */
  public static Message toMessage(MessageLite message) {
    return new ProtoMessage(message);
  }

  /** Serializes a message into a shaded ByteString without an extra copy. */
  public static ByteString toByteString(MessageLite message) {
    return UnsafeByteOperations.unsafeWrap(message.toByteArray());
  }

  public static TableCommand tableCommand(ByteString bytes) throws InvalidProtocolBufferException {
    return parse(bytes, TableCommand.parser());
  }

  public static TableCommand tableCommand(Message message) throws InvalidProtocolBufferException {
    return parse(message, TableCommand.class, TableCommand.parser());
  }

  public static TableCommandReply tableCommandReply(Message message)
      throws InvalidProtocolBufferException {
    return parse(message, TableCommandReply.class, TableCommandReply.parser());
  }

  public static TableQuery tableQuery(Message message) throws InvalidProtocolBufferException {
    return parse(message, TableQuery.class, TableQuery.parser());
  }

  public static TableQueryReply tableQueryReply(Message message)
      throws InvalidProtocolBufferException {
    return parse(message, TableQueryReply.class, TableQueryReply.parser());
  }

  public static CatalogCommand catalogCommand(ByteString bytes)
      throws InvalidProtocolBufferException {
    return parse(bytes, CatalogCommand.parser());
  }

  public static CatalogCommandReply catalogCommandReply(Message message)
      throws InvalidProtocolBufferException {
    return parse(message, CatalogCommandReply.class, CatalogCommandReply.parser());
  }

  public static CatalogQuery catalogQuery(Message message) throws InvalidProtocolBufferException {
    return parse(message, CatalogQuery.class, CatalogQuery.parser());
  }

  public static CatalogQueryReply catalogQueryReply(Message message)
      throws InvalidProtocolBufferException {
    return parse(message, CatalogQueryReply.class, CatalogQueryReply.parser());
  }

  /** The bytes of a message as an unshaded protobuf ByteString, for bytes fields. */
  public static com.google.protobuf.ByteString bytesOf(byte[] bytes) {
    return com.google.protobuf.UnsafeByteOperations.unsafeWrap(bytes);
  }

  /** The message a {@link ProtoMessage} carries, else one parsed from the message's bytes. */
  private static <T> T parse(Message message, Class<T> type, Parser<T> parser)
      throws InvalidProtocolBufferException {
    if (message instanceof ProtoMessage carried && type.isInstance(carried.value())) {
      return type.cast(carried.value());
    }
    return parse(message.getContent(), parser);
  }

  private static <T> T parse(ByteString bytes, Parser<T> parser)
      throws InvalidProtocolBufferException {
    return parser.parseFrom(bytes.asReadOnlyByteBuffer());
  }
}
