package io.winter.e2e;

import static io.winter.e2e.E2e.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Many requests written at once: one reply each, in request order, each correct. */
@ExtendWith(WinterLogsOnFailure.class)
class PipeliningIT {

  @TempDir static Path tmp;
  static WinterProcess node;

  @BeforeAll
  static void startNode() {
    node = WinterProcess.start(tmp.resolve("pipelining"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  /** A model of the tables, to compute the expected reply of each request. */
  static final class Model {
    final Map<String, Map<String, String>> tables = new HashMap<>();

    String apply(String line) {
      String[] w = line.split(" ", 4);
      switch (w[0]) {
        case "CREATE":
          return tables.putIfAbsent(w[1], new HashMap<>()) == null ? "created" : "already created";
        case "DROP":
          return tables.remove(w[1]) != null ? "dropped" : "missing table";
        case "PING":
          return "pong";
        default:
          break;
      }
      Map<String, String> t = tables.get(w[1]);
      if (t == null) {
        return "missing table";
      }
      switch (w[0]) {
        case "GET":
          return t.getOrDefault(w[2], "nil");
        case "PUTNEW":
          t.putIfAbsent(w[2], w[3]);
          return "ok";
        case "DELETE":
          t.remove(w[2]);
          return "ok";
        default:
          throw new IllegalArgumentException(line);
      }
    }
  }

  @Test
  void tenThousandPipelinedCommandsInOneWrite() {
    Model model = new Model();
    List<String> requests = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    try (TextClient c = node.client()) {
      for (String t : List.of("pipe_a", "pipe_b")) {
        expect(c, "CREATE " + t, "created");
        model.apply("CREATE " + t);
      }
      Random rnd = new Random(42);
      int n = 0;
      while (requests.size() < 10_000) {
        String table = rnd.nextInt(4) == 0 ? "pipe_b" : "pipe_a";
        String key = "k" + rnd.nextInt(3000);
        String line;
        switch (rnd.nextInt(10)) {
          case 0, 1, 2, 3 -> line = "PUTNEW " + table + " " + key + " v" + (n++) + " of " + key;
          case 4, 5, 6, 7, 8 -> line = "GET " + table + " " + key;
          default -> {
            // a write immediately followed by a read of the same key
            String put = "PUTNEW " + table + " " + key + " w" + (n++);
            requests.add(put);
            expected.add(model.apply(put));
            line = "GET " + table + " " + key;
          }
        }
        requests.add(line);
        expected.add(model.apply(line));
      }
      if (requests.size() > 10_000) { // the last step may have added two
        requests.remove(requests.size() - 1);
        expected.remove(expected.size() - 1);
      }
      assertThat(requests).hasSize(10_000);

      List<String> replies = c.readTimeout(TextClient.READ_TIMEOUT.multipliedBy(3)).pipeline(requests);

      assertThat(replies).hasSize(10_000);
      // Replies match a model that runs the requests one after another, in order.
      for (int i = 0; i < requests.size(); i++) {
        assertThat(replies.get(i)).as("reply %d to '%s'", i, requests.get(i))
            .isEqualTo(expected.get(i));
      }
      // the connection is still in step afterwards
      expect(c, "PING", "pong");
    }
    // and the final state is visible from another connection
    try (TextClient c = node.client()) {
      List<String> gets = new ArrayList<>();
      List<String> want = new ArrayList<>();
      for (var table : model.tables.entrySet()) {
        for (var e : table.getValue().entrySet()) {
          gets.add("GET " + table.getKey() + " " + e.getKey());
          want.add(e.getValue());
        }
      }
      assertThat(c.pipeline(gets)).containsExactlyElementsOf(want);
    }
  }

  @Test
  void createThenUseInTheSamePipeline() {
    try (TextClient c = node.client()) {
      List<String> replies = c.pipeline(List.of(
          "CREATE np",
          "PUTNEW np a 1",
          "GET np a",
          "CREATE np",
          "PUTNEW np a 2",
          "GET np a",
          "DROP np",
          "GET np a",
          "PUTNEW np a 3",
          "CREATE np",
          "GET np a",
          "PUTNEW np a 4",
          "GET np a"));
      assertThat(replies).containsExactly(
          "created", "ok", "1", "already created", "ok", "1", "dropped", "missing table",
          "missing table", "created", "nil", "ok", "4");
    }
  }

  /**
   * Per-connection order: a pipelined GET sees the connection's earlier writes to the table and
   * none of its later ones ("commands keep their order where it matters").
   */
  @Test
  void getDoesNotSeeLaterWritesOfItsConnection() {
    try (TextClient c = node.client()) {
      expect(c, "CREATE order", "created");
      List<String> requests = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        requests.addAll(List.of(
            "PUTNEW order k" + i + " 4", "GET order k" + i, "DELETE order k" + i, "GET order k" + i,
            "GET order j" + i, "PUTNEW order j" + i + " v"));
      }
      List<String> replies = c.pipeline(requests);
      List<String> wrong = new ArrayList<>();
      List<String> want = List.of("ok", "4", "ok", "nil", "nil", "ok");
      for (int i = 0; i < requests.size(); i++) {
        if (!replies.get(i).equals(want.get(i % 6))) {
          wrong.add("'" + requests.get(i) + "' -> '" + replies.get(i) + "' (expected '" + want.get(i % 6) + "')");
        }
      }
      assertThat(wrong.subList(0, Math.min(10, wrong.size())))
          .as("replies out of per-connection order: %d of %d (first 10 shown)", wrong.size(), requests.size())
          .isEmpty();
    }
  }

  @Test
  void tablesActsInPipelineOrder() {
    try (TextClient c = node.client()) {
      List<String> replies = c.pipeline(List.of(
          "CREATE ord_1", "TABLES", "DROP ord_1", "TABLES"));
      assertThat(replies.get(0)).isEqualTo("created");
      assertThat(replies.get(1).split(" ")).contains("ord_1");
      assertThat(replies.get(2)).isEqualTo("dropped");
      assertThat(replies.get(3).split(" ")).doesNotContain("ord_1");
    }
  }

  @Test
  void pipelinedRequestsAcrossManyTablesKeepTheirOrder() {
    int tables = 8;
    try (TextClient c = node.client()) {
      List<String> requests = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int t = 0; t < tables; t++) {
        requests.add("CREATE many" + t);
        expected.add("created");
      }
      for (int i = 0; i < 2000; i++) {
        String table = "many" + (i % tables);
        requests.add("PUTNEW " + table + " key" + i + " value" + i);
        expected.add("ok");
        requests.add("GET " + table + " key" + i);
        expected.add("value" + i);
        if (i % 97 == 0) {
          requests.add("PING");
          expected.add("pong");
          requests.add("");
          expected.add("");
          requests.add("BOGUS x");
          expected.add("unrecognized command BOGUS");
          requests.add("GET " + table);
          expected.add("error wrong number of arguments for GET: usage GET <table> <key>");
        }
      }
      List<String> replies = c.readTimeout(TextClient.READ_TIMEOUT.multipliedBy(3)).pipeline(requests);
      for (int i = 0; i < requests.size(); i++) {
        assertThat(replies.get(i)).as("reply %d to '%s'", i, requests.get(i)).isEqualTo(expected.get(i));
      }
    }
  }

  /**
   * A client that pipelines far more than it reads is throttled on its own connection; other
   * connections keep being answered promptly, and the slow client gets every reply in the end.
   */
  @Test
  void slowReaderDoesNotHoldUpOtherConnections() throws Exception {
    int n = 8_000;
    try (TextClient slow = node.client(); TextClient other = node.client()) {
      expect(slow, "CREATE slowread", "created");
      expect(slow, "PUTNEW slowread k " + "v".repeat(1000), "ok");
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append("GET slowread k\n");
      }
      byte[] flood = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      // ~8 MB of replies nobody reads for now: the writer blocks once the node stops reading
      Thread writer = new Thread(() -> {
        try {
          slow.sendRaw(flood);
        } catch (RuntimeException ignored) {
          // reported through the replies below
        }
      }, "flood-writer");
      writer.setDaemon(true);
      writer.start();
      expect(other, "CREATE otherconn", "created");
      for (int i = 0; i < 50; i++) {
        long t0 = System.nanoTime();
        expect(other, "PUTNEW otherconn k" + i + " v" + i, "ok");
        expect(other, "GET otherconn k" + i, "v" + i);
        expect(other, "GET slowread k", "v".repeat(1000));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("round %d on the other connection took %d ms", i, ms).isLessThan(3000);
      }
      String want = "v".repeat(1000);
      for (int i = 0; i < n; i++) {
        String got = slow.readLine();
        if (!got.equals(want)) {
          assertThat(got).as("reply %d to the slow reader", i).isEqualTo(want);
        }
      }
      writer.join(10_000);
      expect(slow, "PING", "pong");
    }
  }

  @Test
  void pipelineWithCrlfAndByteAtATimeWrites() {
    try (TextClient c = node.client()) {
      expect(c, "CREATE drip", "created");
      byte[] all = "PUTNEW drip k hello world\r\nGET drip k\r\nPING\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      // one byte per write: the server must reassemble lines split over many TCP segments
      for (byte b : all) {
        c.sendRaw(new byte[] {b});
      }
      assertThat(c.readLine()).isEqualTo("ok");
      assertThat(c.readLine()).isEqualTo("hello world");
      assertThat(c.readLine()).isEqualTo("pong");
    }
  }
}
