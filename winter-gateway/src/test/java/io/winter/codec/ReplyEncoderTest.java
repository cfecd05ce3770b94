package io.winter.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.winter.command.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyEncoderTest {

  private static final ReplyEncoder ENCODER = new ReplyEncoder();

  @Test
  void writesTheReplyFollowedByCrlf() {
    assertThat(encode(Reply.OK)).isEqualTo(bytes("ok\r\n"));
    assertThat(encode(Reply.ALREADY_CREATED)).isEqualTo(bytes("already created\r\n"));
    assertThat(encode(Reply.error("timed out"))).isEqualTo(bytes("error timed out\r\n"));
  }

  @Test
  void writesABlankReplyAsABareCrlf() {
    assertThat(encode(Reply.BLANK)).isEqualTo(bytes("\r\n"));
    assertThat(encode(Reply.tables(List.of()))).isEqualTo(bytes("\r\n"));
  }

  @Test
  void writesValueBytesUnchanged() {
    byte[] value = {0, (byte) 0xFF, ' ', (byte) 0xC3, (byte) 0xA9, '\t', 'x'};
    byte[] expected = {0, (byte) 0xFF, ' ', (byte) 0xC3, (byte) 0xA9, '\t', 'x', '\r', '\n'};
    assertThat(encode(Reply.value(value))).isEqualTo(expected);
  }

  @Test
  void keepsTheOrderOfReplies() {
    EmbeddedChannel channel = new EmbeddedChannel(ENCODER);
    channel.writeOutbound(Reply.CREATED, Reply.NIL, Reply.MISSING_TABLE, Reply.PONG, Reply.BYE);
    StringBuilder out = new StringBuilder();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      out.append(buf.toString(UTF_8));
      buf.release();
    }
    assertThat(out).hasToString("created\r\nnil\r\nmissing table\r\npong\r\nbye\r\n");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void canServeManyChannelsAtOnce() {
    assertThat(ENCODER.isSharable()).isTrue();
    EmbeddedChannel first = new EmbeddedChannel(ENCODER);
    EmbeddedChannel second = new EmbeddedChannel(ENCODER);
    first.writeOutbound(Reply.OK);
    second.writeOutbound(Reply.DROPPED);
    assertThat(readAndRelease(first)).isEqualTo(bytes("ok\r\n"));
    assertThat(readAndRelease(second)).isEqualTo(bytes("dropped\r\n"));
  }

  private static byte[] encode(Reply reply) {
    EmbeddedChannel channel = new EmbeddedChannel(ENCODER);
    channel.writeOutbound(reply);
    byte[] out = readAndRelease(channel);
    assertThat(channel.finish()).isFalse();
    return out;
  }

  private static byte[] readAndRelease(EmbeddedChannel channel) {
    ByteBuf buf = channel.readOutbound();
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
      assertThat(buf.refCnt()).isZero();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
