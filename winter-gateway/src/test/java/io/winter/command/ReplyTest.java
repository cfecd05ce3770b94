package io.winter.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTest {

  @Test
  void resultTextsFollowTheProtocol() {
    assertThat(Reply.CREATED).hasToString("created");
    assertThat(Reply.ALREADY_CREATED).hasToString("already created");
    assertThat(Reply.OK).hasToString("ok");
    assertThat(Reply.NIL).hasToString("nil");
    assertThat(Reply.MISSING_TABLE).hasToString("missing table");
    assertThat(Reply.DROPPED).hasToString("dropped");
    assertThat(Reply.PONG).hasToString("pong");
    assertThat(Reply.BYE).hasToString("bye");
    assertThat(Reply.BLANK).hasToString("");
    assertThat(List.of(Reply.CREATED, Reply.OK, Reply.NIL, Reply.MISSING_TABLE, Reply.BLANK))
        .noneMatch(Reply::isError);
  }

  @Test
  void tablesAreJoinedBySingleSpaces() {
    assertThat(Reply.tables(List.of("orders", "users"))).hasToString("orders users");
    assertThat(Reply.tables(List.of("only"))).hasToString("only");
    assertThat(Reply.tables(List.of())).isEqualTo(Reply.BLANK);
  }

  @Test
  void aValueThatLooksLikeAnErrorIsNotOne() {
    Reply value = Reply.value("error timed out".getBytes(UTF_8));
    assertThat(value.isError()).isFalse();
    assertThat(value).isNotEqualTo(Reply.error("timed out"));
    assertThat(Reply.error("timed out").isError()).isTrue();
  }

  @Test
  void wrongArgumentsStatesTheUsage() {
    assertThat(Reply.wrongArguments(Command.Kind.TABLES))
        .hasToString("error wrong number of arguments for TABLES: usage TABLES");
  }

  @Test
  void limitErrorsStateTheLimits() {
    assertThat(Reply.lineTooLong(1048576)).hasToString("error line too long: limit 1048576 bytes");
    assertThat(Reply.keyTooLong(300, 256)).hasToString("error key too long: 300 bytes, limit 256");
    assertThat(Reply.valueTooLong(11, 10)).hasToString("error value too long: 11 bytes, limit 10");
  }

  @Test
  void exposesItsBytesWithoutLettingThemChange() {
    Reply reply = Reply.value(new byte[] {1, 2, 3});
    assertThat(reply.length()).isEqualTo(3);
    ByteBuffer content = reply.content();
    assertThat(content.isReadOnly()).isTrue();
    assertThat(content.remaining()).isEqualTo(3);
    byte[] copy = reply.toByteArray();
    copy[0] = 9;
    assertThat(reply.toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void equalsComparesBytes() {
    assertThat(Reply.value("ok".getBytes(UTF_8))).isEqualTo(Reply.OK).hasSameHashCodeAs(Reply.OK);
    assertThat(Reply.error("x")).isEqualTo(Reply.error("x"));
  }
}
