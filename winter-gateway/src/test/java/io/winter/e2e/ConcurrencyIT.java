package io.winter.e2e;

import static io.winter.e2e.E2e.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once: every one answered correctly; races resolved as the contract says. */
@ExtendWith(WinterLogsOnFailure.class)
class ConcurrencyIT {

  @TempDir static Path tmp;
  static WinterProcess node;

  @BeforeAll
  static void startNode() {
    node = WinterProcess.start(tmp.resolve("concurrency"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  /**
   * Runs {@code n} tasks on {@code n} threads that all start together (after a barrier) and
   * returns their results in task order; any failure fails the test.
   */
  static <T> List<T> runTogether(int n, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CyclicBarrier barrier = new CyclicBarrier(n);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<T> body = task.apply(i);
        futures.add(pool.submit(() -> {
          barrier.await(30, TimeUnit.SECONDS);
          return body.call();
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoHundredConcurrentConnections() throws Exception {
    int tables = 4;
    for (int t = 0; t < tables; t++) {
      assertThat(node.sendOnce("CREATE conc" + t)).isEqualTo("created");
    }
    int n = 200;
    // every connection is opened first and kept open, so all 200 are open at the same time
    List<TextClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        clients.add(node.client());
      }
      List<String> failures = runTogether(n, i -> () -> {
        TextClient c = clients.get(i);
        String table = "conc" + (i % tables);
        List<String> problems = new ArrayList<>();
        check(problems, c, "PING", "pong");
        check(problems, c, "GET " + table + " key" + i, "nil");
        check(problems, c, "PUTNEW " + table + " key" + i + " value of client " + i, "ok");
        check(problems, c, "GET " + table + " key" + i, "value of client " + i);
        check(problems, c, "PUTNEW " + table + " key" + i + " overwritten", "ok");
        check(problems, c, "GET " + table + " key" + i, "value of client " + i);
        check(problems, c, "PUTNEW " + table + " shared" + " first", "ok");
        return String.join("; ", problems);
      });
      assertThat(failures).as("per-client failures").filteredOn(f -> !f.isEmpty()).isEmpty();
      // every connection is still open and usable, and sees every other client's write
      for (int i = 0; i < n; i++) {
        int other = (i + 1) % n;
        expect(clients.get(i), "GET conc" + (other % tables) + " key" + other, "value of client " + other);
      }
    } finally {
      clients.forEach(TextClient::close);
    }
  }

  private static void check(List<String> problems, TextClient c, String request, String want) {
    String got = c.send(request);
    if (!want.equals(got)) {
      problems.add("'" + request + "' -> '" + got + "', expected '" + want + "'");
    }
  }

  @Test
  void concurrentCreateOfOneNameHasExactlyOneWinner() throws Exception {
    for (int round = 0; round < 3; round++) {
      String table = "race_create_" + round;
      List<String> replies = runTogether(20, i -> () -> {
        try (TextClient c = node.client()) {
          return c.send("CREATE " + table);
        }
      });
      assertThat(replies).as("CREATE %s replies", table)
          .containsOnly("created", "already created")
          .filteredOn("created"::equals).hasSize(1);
      // the table accepts commands from every connection once CREATE has replied
      assertThat(node.sendOnce("PUTNEW " + table + " k v")).isEqualTo("ok");
      assertThat(node.sendOnce("GET " + table + " k")).isEqualTo("v");
    }
  }

  @Test
  void concurrentPutNewOfOneKeyAgreesOnOneValue() throws Exception {
    assertThat(node.sendOnce("CREATE race_put")).isEqualTo("created");
    for (int round = 0; round < 3; round++) {
      String key = "contended" + round;
      int n = 20;
      List<String> candidates = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        candidates.add("candidate " + i + " of round " + round);
      }
      List<TextClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          clients.add(node.client());
        }
        List<String> replies = runTogether(n, i -> () ->
            clients.get(i).send("PUTNEW race_put " + key + " " + candidates.get(i)));
        assertThat(replies).containsOnly("ok");
        List<String> seen = runTogether(n, i -> () -> clients.get(i).send("GET race_put " + key));
        assertThat(seen).hasSize(n);
        assertThat(seen.get(0)).isIn(candidates);
        assertThat(seen).as("every connection reads the same value").containsOnly(seen.get(0));
        // a writer that lost the race still reads the winner, and a retry does not change it
        assertThat(clients.get(n - 1).send("PUTNEW race_put " + key + " late")).isEqualTo("ok");
        assertThat(clients.get(n - 1).send("GET race_put " + key)).isEqualTo(seen.get(0));
      } finally {
        clients.forEach(TextClient::close);
      }
    }
  }

  @Test
  void acknowledgedWritesAreVisibleToOtherConnectionsAtOnce() {
    // linearizable reads: once client A has its ok, client B's next GET must see the value
    try (TextClient a = node.client(); TextClient b = node.client()) {
      expect(a, "CREATE linear", "created");
      for (int i = 0; i < 200; i++) {
        expect(a, "PUTNEW linear k" + i + " v" + i, "ok");
        expect(b, "GET linear k" + i, "v" + i);
        expect(b, "DELETE linear k" + i, "ok");
        expect(a, "GET linear k" + i, "nil");
      }
    }
  }
}
