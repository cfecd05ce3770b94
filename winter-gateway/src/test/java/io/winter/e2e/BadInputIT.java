package io.winter.e2e;

import static io.winter.e2e.E2e.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of docs/protocol.md gets its exact reply, the connection stays usable (except
 * over the connection limit), and afterwards the node still answers and still has its data.
 */
@ExtendWith(WinterLogsOnFailure.class)
class BadInputIT {

  static final int LINE_LIMIT = 1024;
  static final int VALUE_LIMIT = 1000;
  static final String LINE_TOO_LONG = "error line too long: limit " + LINE_LIMIT + " bytes";
  static final String TABLE_NAME_RULE = "use 1-64 characters from A-Z a-z 0-9 _ - .";
  static final String PRECIOUS = "precious data ✓";

  @TempDir static Path tmp;
  /** A node with small line and value limits. */
  static WinterProcess node;
  /** A node with tiny connection and table limits, started by the first test that needs it. */
  static WinterProcess limits;

  @BeforeAll
  static void startNode() {
    node = WinterProcess.start(tmp.resolve("badinput"), Map.of(
        "WINTER_MAX_LINE_BYTES", Integer.toString(LINE_LIMIT),
        "WINTER_MAX_VALUE_BYTES", Integer.toString(VALUE_LIMIT)));
    try (TextClient c = node.client()) {
      expect(c, "CREATE t", "created");
      expect(c, "PUTNEW t sentinel " + PRECIOUS, "ok");
    }
  }

  static synchronized WinterProcess limitsNode() {
    if (limits == null) {
      limits = WinterProcess.start(tmp.resolve("limits"), Map.of(
          "WINTER_MAX_CONNECTIONS", "5",
          "WINTER_MAX_TABLES", "3"));
    }
    return limits;
  }

  @AfterAll
  static void stopNodes() {
    if (node != null) {
      node.close();
    }
    if (limits != null) {
      limits.close();
    }
  }

  /** After every test: the node answers on a new connection and the data from before is intact. */
  @AfterEach
  void nodeIsHealthyAndDataIntact() {
    try (TextClient c = node.client()) {
      expect(c, "PING", "pong");
      expect(c, "GET t sentinel", PRECIOUS);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static Stream<Arguments> wrongArgumentCounts() {
    String get = "error wrong number of arguments for GET: usage GET <table> <key>";
    String put = "error wrong number of arguments for PUTNEW: usage PUTNEW <table> <key> <data> [EXPIRE <ms>]";
    String create = "error wrong number of arguments for CREATE: usage CREATE <table> [REPLICAS <n>]";
    String delete = "error wrong number of arguments for DELETE: usage DELETE <table> <key>";
    String drop = "error wrong number of arguments for DROP: usage DROP <table>";
    String tables = "error wrong number of arguments for TABLES: usage TABLES";
    return Stream.of(
        Arguments.of("GET", get),
        Arguments.of("GET t", get),
        Arguments.of("GET table", get),
        Arguments.of("GET t k extra", get),
        Arguments.of("PUTNEW", put),
        Arguments.of("PUTNEW t", put),
        Arguments.of("PUTNEW table key", put),
        Arguments.of("CREATE", create),
        Arguments.of("CREATE a b", create),
        Arguments.of("DELETE", delete),
        Arguments.of("DELETE t", delete),
        Arguments.of("DELETE table", delete),
        Arguments.of("DELETE t k extra", delete),
        Arguments.of("DROP", drop),
        Arguments.of("DROP t t", drop),
        Arguments.of("TABLES x", tables),
        Arguments.of("TABLES x y", tables));
  }

  @ParameterizedTest
  @MethodSource
  void wrongArgumentCounts(String request, String reply) {
    try (TextClient c = node.client()) {
      expect(c, request, reply);
      assertThat(c.sendCrlf(request)).isEqualTo(reply);
      expect(c, "PING", "pong");
      expect(c, "GET t sentinel", PRECIOUS);
    }
    // the second CREATE/DROP argument was not acted on
    assertThat(node.sendOnce("TABLES").split(" ")).containsExactly("t");
  }

  @Test
  void putNewWithEmptyDataIsAnError() {
    try (TextClient c = node.client()) {
      assertThat(c.send("PUTNEW t emptydata ")).startsWith("error ");
      expect(c, "GET t emptydata", "nil");
      expect(c, "PING", "pong");
    }
  }

  @Test
  void invalidTableNames() {
    String tooLong = "x".repeat(65);
    String longest = "y".repeat(64);
    try (TextClient c = node.client()) {
      expect(c, "CREATE my/table", "error invalid table name 'my/table': " + TABLE_NAME_RULE);
      // the echoed name may be shown cut at 64 characters, like an unknown command word
      assertThat(c.send("CREATE " + tooLong)).isIn(
          "error invalid table name '" + tooLong + "': " + TABLE_NAME_RULE,
          "error invalid table name '" + tooLong.substring(0, 64) + "': " + TABLE_NAME_RULE);
      for (String bad : List.of("a:b", "a*", "{x}", "semi;colon", "quote'")) {
        expect(c, "CREATE " + bad, "error invalid table name '" + bad + "': " + TABLE_NAME_RULE);
      }
      assertThat(c.send("CREATE tåble")).startsWith("error invalid table name ");
      expect(c, "PING", "pong");
      expect(c, "CREATE " + longest, "created");
      expect(c, "PUTNEW " + longest + " k v", "ok");
      expect(c, "GET " + longest + " k", "v");
      expect(c, "DROP " + longest, "dropped");
    }
    assertThat(node.sendOnce("TABLES").split(" ")).containsExactly("t");
  }

  @Test
  void invalidTableNameInOtherCommands() {
    String msg = "error invalid table name 'my/table': " + TABLE_NAME_RULE;
    try (TextClient c = node.client()) {
      expect(c, "GET my/table k", msg);
      expect(c, "PUTNEW my/table k v", msg);
      expect(c, "DELETE my/table k", msg);
      expect(c, "DROP my/table", msg);
    }
  }

  @Test
  void keyTooLong() {
    String k300 = "k".repeat(300);
    String k257 = "k".repeat(257);
    String k256 = "k".repeat(256);
    String utf8Key300 = "é".repeat(150); // 300 bytes in UTF-8
    try (TextClient c = node.client()) {
      expect(c, "GET t " + k300, "error key too long: 300 bytes, limit 256");
      expect(c, "PUTNEW t " + k300 + " v", "error key too long: 300 bytes, limit 256");
      expect(c, "DELETE t " + k300, "error key too long: 300 bytes, limit 256");
      expect(c, "PUTNEW t " + k257 + " v", "error key too long: 257 bytes, limit 256");
      expect(c, "GET t " + utf8Key300, "error key too long: 300 bytes, limit 256");
      expect(c, "PING", "pong");
      expect(c, "PUTNEW t " + k256 + " longest key", "ok");
      expect(c, "GET t " + k256, "longest key");
      expect(c, "GET t " + k256.substring(1), "nil");
    }
  }

  @Test
  void crInsideDataIsRejected() {
    try (TextClient c = node.client()) {
      assertThat(new String(c.sendBytes(bytes("PUTNEW t crkey a\rb")), StandardCharsets.UTF_8))
          .isEqualTo("error invalid data: CR is not allowed inside a value");
      assertThat(new String(c.sendBytes(bytes("PUTNEW t crkey a\rb\r")), StandardCharsets.UTF_8))
          .as("CR inside data of a CRLF line")
          .isEqualTo("error invalid data: CR is not allowed inside a value");
      expect(c, "GET t crkey", "nil");
      expect(c, "PING", "pong");
    }
  }

  @Test
  void dataOverTheValueLimit() {
    String atLimit = "v".repeat(VALUE_LIMIT);
    try (TextClient c = node.client()) {
      assertThat(c.send("PUTNEW t bigvalue " + atLimit + "x")).startsWith("error ").isNotEqualTo(LINE_TOO_LONG);
      expect(c, "GET t bigvalue", "nil");
      expect(c, "PUTNEW t bigvalue " + atLimit, "ok");
      expect(c, "GET t bigvalue", atLimit);
    }
  }

  @Test
  void lineOverTheLimitIsRejectedAndTheConnectionStaysUsable() {
    try (TextClient c = node.client()) {
      // exactly at the limit (without the line ending) is fine, with LF and with CRLF
      expect(c, " ".repeat(LINE_LIMIT), "");
      assertThat(c.sendCrlf(" ".repeat(LINE_LIMIT))).isEqualTo("");
      String key = "atlimit";
      String putAtLimit = "PUTNEW t " + key + " ";
      String data = "d".repeat(VALUE_LIMIT);
      expect(c, putAtLimit + data, "ok");
      // one byte over
      expect(c, " ".repeat(LINE_LIMIT + 1), LINE_TOO_LONG);
      expect(c, "PUTNEW t overlimit " + "o".repeat(LINE_LIMIT), LINE_TOO_LONG);
      expect(c, "GET t overlimit", "nil");
      expect(c, "PING", "pong");
      expect(c, "GET t " + key, data);

      // a 3 MiB line and a valid command in the same write
      byte[] huge = concat(bytes("PUTNEW t huge "), bytes("h".repeat(3 * 1024 * 1024)), bytes("\nPING\nGET t sentinel\n"));
      assertThat(c.pipelineRaw(huge, 3)).containsExactly(LINE_TOO_LONG, "pong", PRECIOUS);

      // an over-long line arriving in pieces, with a valid command right behind it
      c.sendRaw(bytes("x".repeat(700)));
      c.sendRaw(bytes("y".repeat(700)));
      c.sendRaw(bytes("z".repeat(700)));
      c.sendRaw(bytes("\r\nPING\r\n"));
      assertThat(c.readLine()).isEqualTo(LINE_TOO_LONG);
      assertThat(c.readLine()).isEqualTo("pong");

      // several over-long lines interleaved with good ones, pipelined
      List<String> mixed = List.of(
          "a".repeat(2000), "GET t sentinel", "b".repeat(5000), "PING", "c".repeat(LINE_LIMIT + 1), "GET t huge");
      assertThat(c.pipeline(mixed)).containsExactly(LINE_TOO_LONG, PRECIOUS, LINE_TOO_LONG, "pong", LINE_TOO_LONG, "nil");
    }
  }

  @Test
  void unknownCommands() {
    try (TextClient c = node.client()) {
      expect(c, "FROB table", "unrecognized command FROB");
      expect(c, "FROB", "unrecognized command FROB");
      expect(c, "frob x y z", "unrecognized command frob");
      expect(c, "GETT t sentinel", "unrecognized command GETT");
      expect(c, "PUT t k v", "unrecognized command PUT");
      expect(c, "  FROB  table", "unrecognized command FROB");
      expect(c, "X".repeat(100), "unrecognized command " + "X".repeat(64));
      assertThat(new String(c.sendBytes(bytes("FR\u0001OB x")), StandardCharsets.UTF_8))
          .isEqualTo("unrecognized command FR?OB");
      expect(c, "PING", "pong");
    }
  }

  @Test
  void binaryJunk() {
    try (TextClient c = node.client()) {
      // every byte value except LF, then LF: the first word is bytes 0x00-0x08 (0x09 is a tab)
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int b = 0; b < 256; b++) {
        if (b != '\n') {
          all.write(b);
        }
      }
      byte[] junk = all.toByteArray();
      c.sendRaw(junk);
      c.sendRaw(new byte[] {'\n'});
      assertThat(c.readLine()).isEqualTo("unrecognized command " + "?".repeat(9));
      expect(c, "PING", "pong");

      // random junk lines (no LF inside): exactly one reply line each, connection stays in step
      Random rnd = new Random(7);
      for (int i = 0; i < 50; i++) {
        byte[] line = new byte[1 + rnd.nextInt(600)];
        rnd.nextBytes(line);
        for (int j = 0; j < line.length; j++) {
          if (line[j] == '\n' || line[j] == '\r') {
            line[j] = 0;
          }
        }
        String reply = new String(c.sendBytes(line), StandardCharsets.ISO_8859_1);
        assertThat(reply).matches(r -> r.isEmpty() || r.startsWith("unrecognized command ") || r.startsWith("error "),
            "a blank, 'unrecognized command ...' or 'error ...' reply");
        expect(c, "PING", "pong");
      }
      expect(c, "GET t sentinel", PRECIOUS);
    }
  }

  @Test
  void clientDisconnectingMidLine() {
    // normal close (FIN) in the middle of a line: the unterminated line is not a request
    try (TextClient c = node.client()) {
      expect(c, "PING", "pong");
      c.sendRaw(bytes("PUTNEW t halfline partial da"));
    }
    // abortive close (RST) in the middle of a line
    TextClient rst = node.client();
    rst.sendRaw(bytes("PUTNEW t halfline2 partial da"));
    rst.abort();
    E2e.assertAlive(node);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> node.sendOnce("GET t halfline").equals("nil") && node.sendOnce("GET t halfline2").equals("nil"));
  }

  @Test
  void clientDisconnectingMidPipeline() {
    int n = 500;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("PUTNEW t pipe").append(i).append(" value").append(i).append('\n');
    }
    sb.append("PUTNEW t pipe_partial val");
    TextClient c = node.client();
    c.sendRaw(bytes(sb.toString()));
    c.abort();

    // a client that sends many requests and leaves without reading any reply
    TextClient d = node.client();
    StringBuilder gets = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      gets.append("GET t sentinel\n");
    }
    d.sendRaw(bytes(gets.toString()));
    d.close();

    E2e.assertAlive(node);
    // whatever was applied is exactly what was sent; the unterminated line never is
    try (TextClient check = node.client()) {
      List<String> reqs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        reqs.add("GET t pipe" + i);
      }
      List<String> got = check.pipeline(reqs);
      for (int i = 0; i < n; i++) {
        assertThat(got.get(i)).as("GET t pipe%d", i).isIn("nil", "value" + i);
      }
      expect(check, "GET t pipe_partial", "nil");
    }
  }

  @Test
  void connectionLimit() throws Exception {
    WinterProcess lim = limitsNode();
    List<TextClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        // (connections of an earlier test may take a moment to be seen closed)
        open.add(connectWhenSlotFree(lim));
      }
      // the 6th gets the error line, unprompted, and is closed
      try (TextClient sixth = lim.client()) {
        assertThat(sixth.readLine()).isEqualTo("error too many connections: limit 5");
        sixth.assertClosedByServer();
      }
      // rejected connections do not use up slots
      for (int i = 0; i < 10; i++) {
        try (TextClient extra = lim.client()) {
          assertThat(extra.readLine()).isEqualTo("error too many connections: limit 5");
          extra.assertClosedByServer();
        }
      }
      for (TextClient c : open) {
        expect(c, "PING", "pong");
      }
      // after one closes, a new connection is accepted (once the node has seen the close)
      open.remove(0).close();
      open.add(connectWhenSlotFree(lim));
      for (TextClient c : open) {
        expect(c, "PING", "pong");
      }
      // all closed: five new ones fit again
      open.forEach(TextClient::close);
      open.clear();
      await("all slots free").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
          .until(() -> {
            List<TextClient> five = new ArrayList<>();
            try {
              for (int i = 0; i < 5; i++) {
                five.add(lim.client());
              }
              for (TextClient c : five) {
                if (!c.send("PING").equals("pong")) {
                  return false;
                }
              }
              return true;
            } finally {
              five.forEach(TextClient::close);
            }
          });
    } finally {
      open.forEach(TextClient::close);
    }
  }

  /**
   * A connection to a node with a connection limit, retried until the node has noticed earlier
   * closes and has a free slot again.
   */
  static TextClient connectWhenSlotFree(WinterProcess lim) {
    TextClient[] accepted = new TextClient[1];
    await("a connection slot frees up").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
        .until(() -> {
          TextClient c = lim.client();
          String reply;
          try {
            reply = c.send("PING");
          } catch (RuntimeException e) {
            c.close();
            throw e;
          }
          if (reply.equals("pong")) {
            accepted[0] = c;
            return true;
          }
          c.close();
          assertThat(reply).isEqualTo("error too many connections: limit 5");
          return false;
        });
    return accepted[0];
  }

  @Test
  void tableLimit() {
    WinterProcess lim = limitsNode();
    try (TextClient c = connectWhenSlotFree(lim)) {
      expect(c, "CREATE tl_a", "created");
      expect(c, "CREATE tl_b", "created");
      expect(c, "CREATE tl_c", "created");
      expect(c, "CREATE tl_d", "error table limit reached: 3 tables");
      expect(c, "TABLES", "tl_a tl_b tl_c");
      expect(c, "PUTNEW tl_a k v", "ok");
      expect(c, "DROP tl_a", "dropped");
      expect(c, "CREATE tl_d", "created");
      expect(c, "TABLES", "tl_b tl_c tl_d");
      expect(c, "GET tl_d k", "nil");
      expect(c, "CREATE tl_a", "error table limit reached: 3 tables");
    }
  }
}
