package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winter.chaos.history.History;
import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import io.winter.chaos.history.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WinterHistoryCheckerTest {

  @TempDir
  Path dir;

  /** Records through a History whose clock advances one millisecond per stamp. */
  private final AtomicLong clock = new AtomicLong();
  private final History history = new History(() -> clock.addAndGet(Timeline.MS));

  private void done(int process, OpType type, String table, String key, String value,
      String reply) {
    long id = history.invoke(process, type, table, key, value, 0);
    history.complete(id, Outcome.OK, reply);
  }

  /** Keys a and b of stable table s, and lifecycle table life; b's second read is stale. */
  private List<Op> mixedHistory() {
    done(1, OpType.CREATE, "s", null, null, "created");
    done(1, OpType.PUTNEW, "s", "a", "1", "ok");
    done(2, OpType.PUTNEW, "s", "b", "2", "ok");
    done(3, OpType.GET, "s", "a", null, "1");
    done(3, OpType.DELETE, "s", "b", null, "ok");
    done(4, OpType.CREATE, "life", null, null, "created");
    done(4, OpType.PUTNEW, "life", "k", "3", "ok");
    done(5, OpType.GET, "s", "b", null, "2");
    done(6, OpType.DROP, "life", null, null, "dropped");
    done(6, OpType.GET, "life", "k", null, "missing table");
    long lost = history.invoke(7, OpType.PUTNEW, "s", "a", "9", 0);
    history.complete(lost, Outcome.UNKNOWN, "connection lost");
    long refused = history.invoke(8, OpType.GET, "s", "a", null, 0);
    history.complete(refused, Outcome.FAIL, "error unavailable");
    return history.ops();
  }

  @Test
  void stableKeysAndLifecycleTablesAreCheckedSeparately() {
    CheckResult result = WinterHistoryChecker.check(mixedHistory(), Set.of("life"), 50);

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.objects()).extracting(ObjectResult::object)
        .containsExactlyInAnyOrder("key s a", "key s b", "table life");
    assertThat(result.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.object()).isEqualTo("key s b");
      assertThat(failure.offendingLines()).hasSize(3);
      assertThat(failure.offendingLines().get(2)).contains("GET s b").contains("-> 2");
    });
    // the set-up CREATE of s is not checked; the rest are, by outcome
    assertThat(result.counts()).isEqualTo(new OpCounts(9, 1, 1));
    assertThat(result.report()).startsWith("NOT_LINEARIZABLE: 3 objects").contains("key s b");
  }

  @Test
  void droppingATableThatShouldExistThroughoutIsTheCallersMistake() {
    assertThatThrownBy(() -> WinterHistoryChecker.check(mixedHistory(), Set.of(), 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("life");
  }

  @Test
  void aSavedHistoryIsReplayedFromItsFile() throws IOException {
    Path file = dir.resolve("run.jsonl");
    History.writeJsonLines(mixedHistory(), file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = WinterHistoryChecker.replay(
        new String[] {file.toString(), "--lifecycle", "life", "--slack-ms", "10"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("NOT_LINEARIZABLE").contains("GET s b  -> 2");
    assertThat(err.size()).isZero();
  }

  @Test
  void aLinearizableReplayExitsZeroAndBadArgumentsSixtyFour() throws IOException {
    done(1, OpType.PUTNEW, "s", "a", "1", "ok");
    done(2, OpType.GET, "s", "a", null, "1");
    Path file = dir.resolve("fine.jsonl");
    history.writeJsonLines(file);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThat(WinterHistoryChecker.replay(new String[] {file.toString()}, quiet, quiet))
        .isZero();
    assertThat(WinterHistoryChecker.replay(new String[] {}, quiet, quiet)).isEqualTo(64);
    assertThat(WinterHistoryChecker.replay(
        new String[] {file.toString(), "--bogus", "1"}, quiet, quiet)).isEqualTo(64);
  }
}
