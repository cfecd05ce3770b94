package io.winter.e2e;

import static io.winter.e2e.E2e.expect;
import static io.winter.e2e.E2e.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The examples of the original Winter README and of docs/protocol.md, reply for reply. */
@ExtendWith(WinterLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeExamplesIT {

  /** Every example of the seed README, in one session (with DELETEs to reset the key between them). */
  static final String README = """
      > CREATE table
      created
      > CREATE table
      already created
      > GET table key
      nil
      > PUTNEW table key data
      ok
      > GET table key
      data
      > DELETE table key
      ok
      > PUTNEW table key more data
      ok
      > PUTNEW table key another chunk of data
      ok
      > GET table key
      more data
      > DELETE table key
      ok
      > PUTNEW table key chunk
      ok
      > DELETE table key
      ok
      > GET table key
      nil
      > DELETE table key
      ok
      > GET nosuchtable key
      missing table
      > PUTNEW nosuchtable key data
      missing table
      > DELETE nosuchtable key
      missing table
      > DROP nosuchtable
      missing table
      """;

  @TempDir static Path tmp;
  static WinterProcess node;

  @BeforeAll
  static void startNode() {
    node = WinterProcess.start(tmp.resolve("readme"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  /** Drops {@code table} if it exists, so an example can start from a clean state. */
  static void dropIfExists(TextClient c, String table) {
    assertThat(c.send("DROP " + table)).isIn("dropped", "missing table");
  }

  @Test
  @Order(1)
  void freshNodeListsNoTablesThenSortedNames() {
    try (TextClient c = node.client()) {
      transcript(c, false, """
          > TABLES
          
          > CREATE users
          created
          > CREATE orders
          created
          > TABLES
          orders users
          """);
    }
  }

  @Test
  @Order(2)
  void readmeExamplesWithLf() {
    try (TextClient c = node.client()) {
      dropIfExists(c, "table");
      transcript(c, false, README);
    }
  }

  @Test
  @Order(3)
  void readmeExamplesWithCrlf() {
    try (TextClient c = node.client()) {
      dropIfExists(c, "table");
      transcript(c, true, README);
    }
  }

  @Test
  void protocolDocExamples() {
    try (TextClient c = node.client()) {
      transcript(c, false, """
          > CREATE doc
          created
          > PUTNEW doc key chunk
          ok
          > DELETE doc key
          ok
          > GET doc key
          nil
          > DELETE doc key
          ok
          > DROP doc
          dropped
          > GET doc key
          missing table
          > DROP doc
          missing table
          > CREATE doc
          created
          > GET doc key
          nil
          > FROB table
          unrecognized command FROB
          > PING
          pong
          """);
    }
  }

  @Test
  void commandWordsAreCaseInsensitive() {
    try (TextClient c = node.client()) {
      transcript(c, false, """
          > create lower
          created
          > Create lower
          already created
          > get lower key
          nil
          > putnew lower key some data
          ok
          > gEt lower key
          some data
          > PutNew lower exp v EXPIRE 600000
          ok
          > putnew lower exp2 w expire 600000
          ok
          > get lower exp2
          w
          > delete lower key
          ok
          > GET lower key
          nil
          > ping
          pong
          > Ping
          pong
          """);
      assertThat(c.send("tables").split(" ")).contains("lower");
      expect(c, "drop lower", "dropped");
      expect(c, "Quit", "bye");
      c.assertClosedByServer();
    }
  }

  @Test
  void tableNamesAndKeysAreCaseSensitive() {
    try (TextClient c = node.client()) {
      transcript(c, false, """
          > CREATE CaseT
          created
          > GET caset k
          missing table
          > CREATE caset
          created
          > PUTNEW CaseT K upper
          ok
          > GET CaseT k
          nil
          > GET CaseT K
          upper
          > GET caset K
          nil
          """);
    }
  }

  @Test
  void pingAnswersPong() {
    try (TextClient c = node.client()) {
      for (int i = 0; i < 3; i++) {
        expect(c, "PING", "pong");
      }
      assertThat(c.sendCrlf("PING")).isEqualTo("pong");
    }
  }

  @Test
  void quitRepliesByeThenServerCloses() {
    try (TextClient c = node.client()) {
      expect(c, "QUIT", "bye");
      c.assertClosedByServer();
    }
    try (TextClient c = node.client()) {
      assertThat(c.sendCrlf("quit")).isEqualTo("bye");
      c.assertClosedByServer();
    }
  }

  @Test
  void quitComesAfterTheRepliesToEarlierPipelinedRequests() {
    try (TextClient c = node.client()) {
      expect(c, "CREATE quitpipe", "created");
      List<String> replies = c.pipeline(List.of(
          "PUTNEW quitpipe k v1", "GET quitpipe k", "PING", "GET quitpipe nokey", "QUIT"));
      assertThat(replies).containsExactly("ok", "v1", "pong", "nil", "bye");
      c.assertClosedByServer();
    }
    assertThat(node.sendOnce("GET quitpipe k")).isEqualTo("v1");
  }

  @Test
  void tablesIsSortedByByteValueAndSpaceSeparated() {
    try (TextClient c = node.client()) {
      List<String> names = List.of("zeta", "Zeta", "alpha", "a.b", "a-b", "a_b", "_x", "9lives", "ALPHA");
      for (String n : names) {
        expect(c, "CREATE " + n, "created");
      }
      String reply = c.send("TABLES");
      assertThat(reply).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ").doesNotContain("\t");
      List<String> listed = Arrays.asList(reply.split(" "));
      assertThat(listed).containsAll(names).doesNotHaveDuplicates();
      List<String> sorted = new ArrayList<>(listed);
      sorted.sort((a, b) -> Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      assertThat(listed).as("TABLES in byte order").isEqualTo(sorted);
      assertThat(c.sendCrlf("TABLES")).isEqualTo(reply);
    }
  }

  @Test
  void blankLinesGetBlankReplies() {
    try (TextClient c = node.client()) {
      expect(c, "", "");
      expect(c, "    ", "");
      expect(c, "\t", "");
      expect(c, " \t  \t", "");
      assertThat(c.sendCrlf("")).isEqualTo("");
      assertThat(c.sendCrlf("  ")).isEqualTo("");
      expect(c, "PING", "pong");
      // pipelined blanks keep their place in the reply order
      assertThat(c.pipeline(List.of("PING", "", "PING", "  ", "")))
          .containsExactly("pong", "", "pong", "", "");
    }
  }

  @Test
  void dataIsStoredByteForByte() {
    String utf8 = "héllo  wörld ✓";
    try (TextClient c = node.client()) {
      expect(c, "CREATE bytes", "created");
      expect(c, "PUTNEW bytes greeting " + utf8, "ok");
      byte[] got = c.sendBytes("GET bytes greeting".getBytes(StandardCharsets.UTF_8));
      assertThat(got).isEqualTo(utf8.getBytes(StandardCharsets.UTF_8));

      // several spaces inside, leading and trailing spaces after the single separator space
      expect(c, "PUTNEW bytes spaces a  b   c", "ok");
      expect(c, "GET bytes spaces", "a  b   c");
      expect(c, "PUTNEW bytes lead   x", "ok");
      expect(c, "GET bytes lead", "  x");
      expect(c, "PUTNEW bytes trail a b  ", "ok");
      expect(c, "GET bytes trail", "a b  ");
      // data that looks like a command or a reply is just data
      expect(c, "PUTNEW bytes cmd GET bytes greeting", "ok");
      expect(c, "GET bytes cmd", "GET bytes greeting");
      // tabs inside data are data
      expect(c, "PUTNEW bytes tab a\tb", "ok");
      expect(c, "GET bytes tab", "a\tb");
      // UTF-8 keys
      expect(c, "PUTNEW bytes ключ значение ✓", "ok");
      expect(c, "GET bytes ключ", "значение ✓");
      // tabs as token separators
      expect(c, "GET\tbytes\tgreeting", utf8);
      // CRLF: the CR is not part of the data
      assertThat(c.sendCrlf("PUTNEW bytes crlf v w ")).isEqualTo("ok");
      expect(c, "GET bytes crlf", "v w ");
      // high bytes that are not valid UTF-8 round-trip too
      byte[] raw = {'P', 'U', 'T', 'N', 'E', 'W', ' ', 'b', 'y', 't', 'e', 's', ' ', 'r', 'a', 'w', ' ',
          (byte) 0xff, (byte) 0xfe, 0x01, 0x7f, (byte) 0x80, ' ', 'z'};
      assertThat(new String(c.sendBytes(raw), StandardCharsets.UTF_8)).isEqualTo("ok");
      assertThat(c.sendBytes("GET bytes raw".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(new byte[] {(byte) 0xff, (byte) 0xfe, 0x01, 0x7f, (byte) 0x80, ' ', 'z'});
    }
    // and the same bytes from another connection
    try (TextClient c = node.client()) {
      assertThat(c.sendBytes("GET bytes greeting".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(utf8.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void unknownTableGivesMissingTable() {
    try (TextClient c = node.client()) {
      transcript(c, false, """
          > GET ghost key
          missing table
          > PUTNEW ghost key data
          missing table
          > PUTNEW ghost key data EXPIRE 1000
          missing table
          > DELETE ghost key
          missing table
          > DROP ghost
          missing table
          """);
      assertThat(c.send("TABLES").split(" ")).doesNotContain("ghost");
    }
  }
}
