package io.winter.e2e;

import static io.winter.e2e.E2e.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PUTNEW ... EXPIRE ms: the key reads as nil once expired and can then be put again. */
@ExtendWith(WinterLogsOnFailure.class)
class ExpireIT {

  static final String EXPIRE_USAGE = "expected a whole number of milliseconds from 1 to 315360000000";

  @TempDir static Path tmp;
  static WinterProcess node;

  @BeforeAll
  static void startNode() {
    // a short sweep interval, so the background expiry sweep runs several times during the tests
    node = WinterProcess.start(tmp.resolve("expire"), Map.of("WINTER_EXPIRY_SWEEP_MS", "200"));
    assertThat(node.sendOnce("CREATE exp")).isEqualTo("created");
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void expiredKeyReadsNilAndCanBePutAgain() {
    try (TextClient c = node.client()) {
      expect(c, "PUTNEW exp keep forever", "ok");
      expect(c, "PUTNEW exp live first", "ok");
      long sent = System.nanoTime();
      expect(c, "PUTNEW exp session abc123 EXPIRE 1500", "ok");
      expect(c, "GET exp session", "abc123");
      // PUTNEW on a live key changes nothing: neither the value nor its (absent) expiry
      expect(c, "PUTNEW exp live second EXPIRE 300", "ok");
      expect(c, "GET exp live", "first");

      List<String> observed = Collections.synchronizedList(new ArrayList<>());
      await("session expires").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> {
            String v = c.send("GET exp session");
            observed.add(v);
            return v.equals("nil");
          });
      long elapsedMs = (System.nanoTime() - sent) / 1_000_000;
      assertThat(observed).as("values read while waiting").containsOnly("abc123", "nil");
      assertThat(elapsedMs).as("ms from sending the PUTNEW to reading nil").isGreaterThanOrEqualTo(1400);

      expect(c, "GET exp keep", "forever");
      expect(c, "GET exp live", "first");
      expect(c, "PUTNEW exp session def456", "ok");
      expect(c, "GET exp session", "def456");
      // the new value has no expiry: the old deadline (and the sweeper) must not remove it
      await("new value stays").during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> c.send("GET exp session").equals("def456")
              && c.send("GET exp live").equals("first")
              && c.send("GET exp keep").equals("forever"));
    }
  }

  @Test
  void manyKeysExpireOthersStay() {
    int n = 100;
    try (TextClient c = node.client()) {
      expect(c, "CREATE expmany", "created");
      List<String> puts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        puts.add("PUTNEW expmany short" + i + " s" + i + " EXPIRE " + (800 + i * 5));
        puts.add("PUTNEW expmany long" + i + " l" + i + " EXPIRE 600000");
        puts.add("PUTNEW expmany plain" + i + " p" + i);
      }
      assertThat(c.pipeline(puts)).containsOnly("ok").hasSize(3 * n);
      List<String> shortGets = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        shortGets.add("GET expmany short" + i);
      }
      await("all short keys expire").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
          .until(() -> c.pipeline(shortGets).stream().allMatch("nil"::equals));
      List<String> gets = new ArrayList<>();
      List<String> want = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        gets.add("GET expmany long" + i);
        want.add("l" + i);
        gets.add("GET expmany plain" + i);
        want.add("p" + i);
      }
      assertThat(c.pipeline(gets)).containsExactlyElementsOf(want);
      // expired keys can be put again
      List<String> again = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        again.add("PUTNEW expmany short" + i + " again" + i);
        again.add("GET expmany short" + i);
      }
      List<String> replies = c.pipeline(again);
      for (int i = 0; i < n; i++) {
        assertThat(replies.get(2 * i)).isEqualTo("ok");
        assertThat(replies.get(2 * i + 1)).isEqualTo("again" + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "abc", "99999999999999999999", "315360000001", "1.5", "soon", "-0"})
  void invalidExpireValuesAreRejected(String value) {
    try (TextClient c = node.client()) {
      String key = "bad_" + Integer.toHexString(value.hashCode());
      expect(c, "PUTNEW exp " + key + " v EXPIRE " + value,
          "error invalid EXPIRE value '" + value + "': " + EXPIRE_USAGE);
      expect(c, "putnew exp " + key + " some data expire " + value,
          "error invalid EXPIRE value '" + value + "': " + EXPIRE_USAGE);
      expect(c, "GET exp " + key, "nil");
      expect(c, "PING", "pong");
    }
  }

  @Test
  void expireIsOnlyTheLastTwoWordsAfterSomeData() {
    try (TextClient c = node.client()) {
      expect(c, "PUTNEW exp maxttl v EXPIRE 315360000000", "ok");
      expect(c, "GET exp maxttl", "v");
      // no data before EXPIRE: it is the data
      expect(c, "PUTNEW exp w1 EXPIRE 100", "ok");
      expect(c, "GET exp w1", "EXPIRE 100");
      expect(c, "PUTNEW exp w2 EXPIRE", "ok");
      expect(c, "GET exp w2", "EXPIRE");
      // EXPIRE not among the last two words: all data
      expect(c, "PUTNEW exp w3 a EXPIRE 100 b", "ok");
      expect(c, "GET exp w3", "a EXPIRE 100 b");
      expect(c, "PUTNEW exp w4 a b EXPIRE", "ok");
      expect(c, "GET exp w4", "a b EXPIRE");
      expect(c, "PUTNEW exp w5 a EXPIRE 1 2", "ok");
      expect(c, "GET exp w5", "a EXPIRE 1 2");
      // those were stored without expiry
      await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> c.send("GET exp w1").equals("EXPIRE 100")
              && c.send("GET exp w5").equals("a EXPIRE 1 2"));
    }
  }
}
