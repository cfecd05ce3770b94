package io.winter.e2e;

import static io.winter.e2e.E2e.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: every acknowledged write survives kill -9 and SIGTERM, through both the snapshot
 * and the log replay paths (small snapshot threshold); expired keys stay expired and dropped
 * tables stay dropped.
 */
@ExtendWith(WinterLogsOnFailure.class)
class CrashRecoveryIT {

  static final Map<String, String> SETTINGS = Map.of("WINTER_SNAPSHOT_THRESHOLD", "200");
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  WinterProcess node;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  /** What the node must hold: live values, keys that must read nil, dropped tables. */
  static final class Expected {
    final Map<String, Map<String, String>> values = new TreeMap<>();
    final Map<String, List<String>> nil = new TreeMap<>();
    final TreeSet<String> dropped = new TreeSet<>();

    static Expected of(String table) {
      Expected e = new Expected();
      e.table(table);
      return e;
    }

    void table(String t) {
      values.computeIfAbsent(t, x -> new LinkedHashMap<>());
      nil.computeIfAbsent(t, x -> new ArrayList<>());
      dropped.remove(t);
    }

    void drop(String t) {
      values.remove(t);
      nil.remove(t);
      dropped.add(t);
    }

    String tablesReply() {
      return String.join(" ", new TreeSet<>(values.keySet()));
    }
  }

  /** Writes PUTNEWs pipelined in batches, asserting each is acknowledged, and records them. */
  static void putAll(TextClient c, Expected exp, String table, List<String[]> keyValues, String suffix) {
    for (int from = 0; from < keyValues.size(); from += 250) {
      List<String[]> batch = keyValues.subList(from, Math.min(keyValues.size(), from + 250));
      List<String> lines = new ArrayList<>();
      for (String[] kv : batch) {
        lines.add("PUTNEW " + table + " " + kv[0] + " " + kv[1] + suffix);
      }
      List<String> replies = c.pipeline(lines);
      for (int i = 0; i < batch.size(); i++) {
        assertThat(replies.get(i)).as("reply to '%s'", lines.get(i)).isEqualTo("ok");
        if (suffix.isEmpty()) {
          exp.values.get(table).putIfAbsent(batch.get(i)[0], batch.get(i)[1]);
        }
      }
    }
  }

  static List<String[]> keyValues(String prefix, int n) {
    List<String[]> kvs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      kvs.add(new String[] {prefix + i, "value " + i + " of " + prefix + "  ✓ é"});
    }
    return kvs;
  }

  /** Waits until every table of {@code exp} answers a GET with something other than an error. */
  static void awaitTablesServing(WinterProcess node, Expected exp) {
    for (String table : exp.values.keySet()) {
      await("table " + table + " serving after restart").atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
          .until(() -> !node.sendOnce("GET " + table + " __probe__").startsWith("error "));
    }
  }

  /** Asserts the node holds exactly what {@code exp} says (pipelined GETs per table). */
  static void verify(WinterProcess node, Expected exp) {
    awaitTablesServing(node, exp);
    try (TextClient c = node.client()) {
      assertThat(c.send("TABLES")).as("TABLES").isEqualTo(exp.tablesReply());
      for (String table : exp.values.keySet()) {
        List<String> gets = new ArrayList<>();
        List<String> want = new ArrayList<>();
        exp.values.get(table).forEach((k, v) -> {
          gets.add("GET " + table + " " + k);
          want.add(v);
        });
        for (String k : exp.nil.get(table)) {
          gets.add("GET " + table + " " + k);
          want.add("nil");
        }
        List<String> got = c.readTimeout(Duration.ofSeconds(30)).pipeline(gets);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < gets.size(); i++) {
          if (!got.get(i).equals(want.get(i))) {
            wrong.add("'" + gets.get(i) + "' -> '" + got.get(i) + "', expected '" + want.get(i) + "'");
          }
        }
        assertThat(wrong).as("wrong replies in table %s (of %d)", table, gets.size()).isEmpty();
      }
      for (String t : exp.dropped) {
        expect(c, "GET " + t + " k0", "missing table");
      }
    }
  }

  @Test
  void acknowledgedDataSurvivesKill9ThroughSnapshotAndLogReplay() {
    node = WinterProcess.start(tmp.resolve("crash1"), SETTINGS);
    Expected exp = new Expected();
    try (TextClient c = node.client()) {
      // 2,000 keys over 4 tables: 500 writes per Raft group, so snapshots at the 200 threshold
      // plus a log tail to replay
      for (int t = 0; t < 4; t++) {
        String table = "cr" + t;
        expect(c, "CREATE " + table, "created");
        exp.table(table);
        putAll(c, exp, table, keyValues("k", 500), "");
      }
      // put-if-absent: a second PUTNEW changes nothing, also after recovery
      putAll(c, exp, "cr1", List.<String[]>of(new String[] {"k1", "other"}, new String[] {"k2", "other"}), "");
      // deletes are durable too
      for (int i = 0; i < 50; i++) {
        expect(c, "DELETE cr2 k" + i, "ok");
        exp.values.get("cr2").remove("k" + i);
        exp.nil.get("cr2").add("k" + i);
      }
      // long expiry keys survive
      putAll(c, exp, "cr3", keyValues("long", 20), " EXPIRE 600000");
      keyValues("long", 20).forEach(kv -> exp.values.get("cr3").put(kv[0], kv[1]));

      // expiring keys: crexp stays below the snapshot threshold (log replay only),
      // crexp2 goes past it (snapshot + log)
      for (String table : List.of("crexp", "crexp2")) {
        expect(c, "CREATE " + table, "created");
        exp.table(table);
      }
      putAll(c, exp, "crexp", keyValues("e", 50), " EXPIRE 1000");
      putAll(c, exp, "crexp2", keyValues("e", 300), " EXPIRE 1000");
      putAll(c, exp, "crexp", keyValues("stay", 10), "");
      keyValues("e", 50).forEach(kv -> exp.nil.get("crexp").add(kv[0]));
      keyValues("e", 300).forEach(kv -> exp.nil.get("crexp2").add(kv[0]));

      // a dropped table, and a table dropped then created again with new content
      expect(c, "CREATE crdrop", "created");
      putAll(c, Expected.of("crdrop"), "crdrop", keyValues("k", 300), "");
      expect(c, "DROP crdrop", "dropped");
      exp.drop("crdrop");
      expect(c, "CREATE crre", "created");
      putAll(c, Expected.of("crre"), "crre", keyValues("old", 250), "");
      expect(c, "DROP crre", "dropped");
      expect(c, "CREATE crre", "created");
      exp.table("crre");
      putAll(c, exp, "crre", keyValues("new", 20), "");
      keyValues("old", 5).forEach(kv -> exp.nil.get("crre").add(kv[0]));
    }
    // wait for the expiring keys to expire before the crash
    await("expiring keys expired").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          try (TextClient c = node.client()) {
            List<String> gets = new ArrayList<>();
            exp.nil.get("crexp").forEach(k -> gets.add("GET crexp " + k));
            exp.nil.get("crexp2").forEach(k -> gets.add("GET crexp2 " + k));
            return c.pipeline(gets).stream().allMatch("nil"::equals);
          }
        });
    verify(node, exp);

    node.kill9();
    node.restart();
    verify(node, exp);

    // recovery after recovery: more writes (crossing another snapshot), crash again
    try (TextClient c = node.client()) {
      putAll(c, exp, "cr0", keyValues("more", 300), "");
      expect(c, "CREATE crlate", "created");
      exp.table("crlate");
      putAll(c, exp, "crlate", keyValues("x", 30), "");
      expect(c, "DROP cr3", "dropped");
      exp.drop("cr3");
    }
    node.kill9();
    node.restart();
    verify(node, exp);
    // and the recovered node takes new writes, put-if-absent still holding
    try (TextClient c = node.client()) {
      expect(c, "PUTNEW cr0 k7 changed", "ok");
      expect(c, "GET cr0 k7", exp.values.get("cr0").get("k7"));
      expect(c, "PUTNEW crexp e1 back", "ok");
      expect(c, "GET crexp e1", "back");
    }
  }

  @Test
  void writesInFlightDuringKill9() throws Exception {
    node = WinterProcess.start(tmp.resolve("crash2"), SETTINGS);
    int writers = 2;
    for (int w = 0; w < writers; w++) {
      assertThat(node.sendOnce("CREATE inflight" + w)).isEqualTo("created");
    }
    Map<String, String> acked = new ConcurrentHashMap<>();
    Map<String, String> sent = new ConcurrentHashMap<>();
    AtomicInteger unexpected = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < writers; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        String table = "inflight" + id;
        try (TextClient c = node.client()) {
          for (int batch = 0; ; batch++) {
            StringBuilder sb = new StringBuilder();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
              String key = "w" + id + "_" + batch + "_" + i;
              String value = "v " + key + " ✓";
              keys.add(key);
              sent.put(table + " " + key, value);
              sb.append("PUTNEW ").append(table).append(' ').append(key).append(' ').append(value).append('\n');
            }
            c.sendRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
            for (String key : keys) {
              String reply = c.readLine();
              if (reply.equals("ok")) {
                acked.put(table + " " + key, sent.get(table + " " + key));
              } else if (!reply.startsWith("error timed out") && !reply.startsWith("error unavailable")) {
                unexpected.incrementAndGet();
                problems.add(key + " -> " + reply);
              }
            }
          }
        } catch (RuntimeException | AssertionError e) {
          // the node was killed under us: expected
        }
      }, "inflight-writer-" + w);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    await("writers got acknowledgements").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> acked.size() >= 1500);
    node.kill9();
    for (Thread t : threads) {
      t.join(30_000);
      assertThat(t.isAlive()).as("writer %s stopped", t.getName()).isFalse();
    }
    assertThat(problems).as("unexpected replies before the crash").isEmpty();
    assertThat(unexpected.get()).isZero();
    Map<String, String> ackedSnapshot = Map.copyOf(acked);

    node.restart();
    Expected exp = new Expected();
    for (int w = 0; w < writers; w++) {
      exp.table("inflight" + w);
    }
    awaitTablesServing(node, exp);
    try (TextClient c = node.client()) {
      List<String> keys = new ArrayList<>(sent.keySet());
      List<String> gets = new ArrayList<>();
      keys.forEach(k -> gets.add("GET " + k));
      List<String> got = c.readTimeout(Duration.ofSeconds(30)).pipeline(gets);
      List<String> lost = new ArrayList<>();
      List<String> corrupt = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        String k = keys.get(i);
        String v = got.get(i);
        if (ackedSnapshot.containsKey(k)) {
          if (!v.equals(ackedSnapshot.get(k))) {
            lost.add(k + " -> '" + v + "'");
          }
        } else if (!v.equals("nil") && !v.equals(sent.get(k))) {
          corrupt.add(k + " -> '" + v + "'");
        }
      }
      assertThat(lost).as("acknowledged writes lost or changed (of %d acked)", ackedSnapshot.size()).isEmpty();
      assertThat(corrupt).as("unacknowledged writes with a value never sent").isEmpty();
      assertThat(c.send("TABLES")).isEqualTo("inflight0 inflight1");
      expect(c, "PUTNEW inflight0 after crash", "ok");
      expect(c, "GET inflight0 after", "crash");
    }
  }

  @Test
  void sigtermExitsZeroAndRestartsWithData() {
    node = WinterProcess.start(tmp.resolve("crash3"), SETTINGS);
    Expected exp = new Expected();
    try (TextClient c = node.client()) {
      for (String table : List.of("term_a", "term_b")) {
        expect(c, "CREATE " + table, "created");
        exp.table(table);
        putAll(c, exp, table, keyValues("k", 300), "");
      }
    }
    node.terminate(); // exit status 0 within 15 s
    node.restart();
    verify(node, exp);
    // a second graceful stop right after recovery
    node.terminate();
    node.restart();
    verify(node, exp);
  }
}
