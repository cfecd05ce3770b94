package io.winter.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryJsonLinesTest {

  @TempDir
  Path dir;

  @Test
  void opsSurviveTheRoundTripThroughAFile() throws IOException {
    List<Op> ops = List.of(
        new Op(0, 1, OpType.CREATE, "t", null, null, 0, -5, 10, Outcome.OK, "created"),
        new Op(1, 2, OpType.PUTNEW, "t", "k\u00e9y", "say \"hi\"\\ \t\u2603 \ud83d\ude00", 1500,
            20, 30, Outcome.OK, "ok"),
        new Op(2, 3, OpType.GET, "t", "k", null, 0, 40, Long.MAX_VALUE, Outcome.UNKNOWN,
            "error timed out after 5000 ms:\r\nmaybe"),
        new Op(3, 4, OpType.DELETE, "t", "k", null, 0, 50, 60, Outcome.FAIL, "lone \ud800 half"),
        new Op(4, 5, OpType.DROP, "t", null, null, 0, 70, 80, Outcome.OK, "dropped"));
    Path file = dir.resolve("history.jsonl");

    History.writeJsonLines(ops, file);

    assertThat(History.readJsonLines(file)).isEqualTo(ops);
    assertThat(Files.readAllLines(file)).hasSize(ops.size())
        .allSatisfy(line -> assertThat(line).startsWith("{\"id\":").endsWith("}"));
  }

  @Test
  void aRecordedHistoryIsWrittenInInvokeOrder() throws IOException {
    History history = new History();
    long a = history.invoke(1, OpType.PUTNEW, "t", "k", "v", 0);
    long b = history.invoke(2, OpType.GET, "t", "k", null, 0);
    history.complete(b, Outcome.OK, "v");
    Path file = dir.resolve("recorded.jsonl");

    history.writeJsonLines(file);

    List<Op> read = History.readJsonLines(file);
    assertThat(read).isEqualTo(history.ops());
    assertThat(read).extracting(Op::id).containsExactly(a, b);
  }

  @Test
  void aBrokenLineIsReportedWithItsNumber() throws IOException {
    Path file = dir.resolve("broken.jsonl");
    Files.writeString(file, OpJson.toJson(
        new Op(0, 1, OpType.GET, "t", "k", null, 0, 1, 2, Outcome.OK, "nil"))
        + "\n\n{\"id\":1,\"process\":\"x\"}\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> History.readJsonLines(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(":3:")
        .hasMessageContaining("process");
  }

  @Test
  void whitespaceAndEscapesFromOtherWritersAreAccepted() {
    Op op = OpJson.fromJson(" { \"id\" : 7 , \"process\":2, \"type\":\"GET\", \"table\":\"t\","
        + " \"key\":\"a\\/b\", \"value\":null, \"expireMs\":0, \"invokeNanos\":1,"
        + " \"completeNanos\":2, \"outcome\":\"OK\", \"reply\":\"x\\u0041\" } ");

    assertThat(op.key()).isEqualTo("a/b");
    assertThat(op.reply()).isEqualTo("xA");
    assertThat(op.id()).isEqualTo(7);
  }
}
