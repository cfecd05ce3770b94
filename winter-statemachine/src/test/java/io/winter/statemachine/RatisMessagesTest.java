package io.winter.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.winter.proto.Get;
import io.winter.proto.PutNew;
import io.winter.proto.TableCommand;
import io.winter.proto.TableQuery;
import org.apache.ratis.protocol.Message;
import org.junit.jupiter.api.Test;

class RatisMessagesTest {

  private static final TableCommand PUT = TableCommand.newBuilder().setPutNew(PutNew.newBuilder()
      .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v"))).build();

  @Test
  void aMessageMadeHereIsReadBackWithoutParsing() throws Exception {
    Message message = RatisMessages.toMessage(PUT);

    assertThat(RatisMessages.tableCommand(message)).isSameAs(PUT);
  }

  @Test
  void itsBytesAndSizeAreThoseOfTheProtobufMessage() throws Exception {
    Message message = RatisMessages.toMessage(PUT);

    assertThat(message.size()).isEqualTo(PUT.getSerializedSize());
    assertThat(message.getContent().toByteArray()).isEqualTo(PUT.toByteArray());
    assertThat(message.getContent()).isSameAs(message.getContent());
  }

  @Test
  void aMessageReceivedAsBytesIsParsed() throws Exception {
    Message received = Message.valueOf(RatisMessages.toByteString(PUT));

    TableCommand read = RatisMessages.tableCommand(received);

    assertThat(read).isEqualTo(PUT).isNotSameAs(PUT);
  }

  @Test
  void aMessageCarryingAnotherTypeIsParsedFromItsBytes() throws Exception {
    TableQuery get = TableQuery.newBuilder()
        .setGet(Get.newBuilder().setKey(ByteString.copyFromUtf8("k"))).build();
    Message message = RatisMessages.toMessage(get);

    TableCommand read = RatisMessages.tableCommand(message);

    assertThat(read).isEqualTo(TableCommand.parseFrom(get.toByteArray()));
  }
}
