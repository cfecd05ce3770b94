package io.winter.e2e;

import static io.winter.e2e.E2e.expect;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real node under hostile clients: while several connections send random junk, huge tokens,
 * mixed line endings and deep pipelines and then vanish mid-line or mid-pipeline, and one floods
 * requests without ever reading a reply, a good client on its own table gets every reply right;
 * afterwards the node still answers, has all its data, and never ran out of memory.
 */
@ExtendWith(WinterLogsOnFailure.class)
class HostileClientsIT {

  private static final int ROUNDS = 3;
  private static final int MIN_GOOD_KEYS = 200;
  /** Far more than the kernel's socket buffers and the node's write buffer hold together. */
  private static final long FLOOD_BOUND = 64L << 20;

  @TempDir Path tmp;

  @Test
  void aGoodClientIsServedRightWhileHostileClientsMisbehave() throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool();
    try (WinterProcess node = WinterProcess.start(tmp.resolve("hostile"),
        Map.of("WINTER_MAX_LINE_BYTES", "16384"))) {
      try (TextClient c = node.client()) {
        expect(c, "CREATE good", "created");
        expect(c, "CREATE evil", "created");
      }
      TextClient flooder = node.client();
      Future<Long> flooded = threads.submit(() -> flood(flooder));
      List<Future<?>> hostile = new ArrayList<>();
      for (Hostility kind : Hostility.values()) {
        for (int seed = 0; seed < 2; seed++) {
          long s = 31L * kind.ordinal() + seed;
          hostile.add(threads.submit(() -> kind.run(node, s, ROUNDS)));
        }
      }

      AtomicBoolean hostileDone = new AtomicBoolean();
      Future<Integer> goodClient = threads.submit(() -> goodClient(node, hostileDone));
      await("hostile clients done").atMost(Duration.ofSeconds(90))
          .until(() -> hostile.stream().allMatch(Future::isDone) || goodClient.isDone());
      hostileDone.set(true);
      int good = goodClient.get(30, TimeUnit.SECONDS);
      for (Future<?> f : hostile) {
        f.get(); // a hostile client fails only on a wrong reply to what it did send right
      }
      flooder.abort();
      assertThat(flooded.get(30, TimeUnit.SECONDS))
          .as("bytes a client that never reads got the node to take").isLessThan(FLOOD_BOUND);

      E2e.assertAlive(node);
      try (TextClient c = node.client()) {
        List<String> gets = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < good; i++) {
          gets.add("GET good k" + i);
          values.add("v" + i);
        }
        assertThat(c.pipeline(gets)).as("the good client's data").isEqualTo(values);
        expect(c, "TABLES", "evil good");
      }
      assertThat(node.describe(Integer.MAX_VALUE)).doesNotContain("OutOfMemoryError")
          .doesNotContainPattern("WARN .*ConnectionHandler");
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Writes, reads back and re-reads keys of its own table until the hostile clients are done
   * (and at least a few hundred times), checking every reply; returns how many keys it wrote.
   */
  private static int goodClient(WinterProcess node, AtomicBoolean hostileDone) {
    int written = 0;
    try (TextClient c = node.client()) {
      while (written < MIN_GOOD_KEYS || !hostileDone.get()) {
        expect(c, "PUTNEW good k" + written + " v" + written, "ok");
        expect(c, "GET good k" + written, "v" + written);
        expect(c, "GET good k" + written / 2, "v" + written / 2);
        if (written % 10 == 0) {
          expect(c, "PING", "pong");
        }
        written++;
      }
    }
    return written;
  }

  /** Sends PINGs without ever reading a reply until the connection is aborted. */
  private static long flood(TextClient c) {
    byte[] pings = "PING\n".repeat(13_000).getBytes(US_ASCII);
    long written = 0;
    try {
      while (true) {
        c.sendRaw(pings);
        written += pings.length;
      }
    } catch (UncheckedIOException e) {
      return written;
    }
  }
}
