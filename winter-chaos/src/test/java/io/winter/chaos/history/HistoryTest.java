package io.winter.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {

  private final AtomicLong clock = new AtomicLong(1_000);
  private final History history = new History(() -> clock.getAndAdd(10));

  @Test
  void completeStampsTheReplyAndItsTime() {
    long id = history.invoke(3, OpType.PUTNEW, "t", "k", "v", 250);
    history.complete(id, Outcome.OK, "ok");

    assertThat(history.ops()).containsExactly(
        new Op(id, 3, OpType.PUTNEW, "t", "k", "v", 250, 1_000, 1_010, Outcome.OK, "ok"));
  }

  @Test
  void pendingOpsAreReportedAsUnknownAndSortedByInvokeTime() {
    long first = history.invoke(1, OpType.GET, "t", "k", null, 0);
    long second = history.invoke(2, OpType.DELETE, "t", "k", null, 0);
    history.complete(second, Outcome.FAIL, "error unavailable");

    List<Op> ops = history.ops();

    assertThat(ops).extracting(Op::id).containsExactly(first, second);
    assertThat(ops.get(0).outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(ops.get(0).completeNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(ops.get(0).reply()).isEqualTo(History.PENDING_REPLY);
    assertThat(ops.get(1).outcome()).isEqualTo(Outcome.FAIL);
    assertThat(ops.get(1).completeNanos()).isEqualTo(1_020);
  }

  @Test
  void anUnknownCompletionHasNoCompleteTime() {
    long id = history.invoke(1, OpType.PUTNEW, "t", "k", "v", 0);
    history.complete(id, Outcome.UNKNOWN, "connection lost");

    Op op = history.ops().get(0);
    assertThat(op.completeNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(op.reply()).isEqualTo("connection lost");
  }

  @Test
  void anOpCompletesOnlyOnce() {
    long id = history.invoke(1, OpType.GET, "t", "k", null, 0);
    history.complete(id, Outcome.OK, "nil");

    assertThatThrownBy(() -> history.complete(id, Outcome.OK, "v"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> history.complete(id + 1, Outcome.OK, "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(history.ops().get(0).reply()).isEqualTo("nil");
  }

  @Test
  void manyThreadsRecordWithoutLosingOrMixingOps() throws InterruptedException {
    History shared = new History();
    int threads = 16;
    int perThread = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int p = 0; p < threads; p++) {
      int process = p;
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        for (int i = 0; i < perThread; i++) {
          long id = shared.invoke(process, OpType.PUTNEW, "t", "k" + process, "v" + i, 0);
          if (i % 7 != 0) {
            shared.complete(id, Outcome.OK, "ok " + process);
          }
        }
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    List<Op> ops = shared.ops();
    assertThat(ops).hasSize(threads * perThread);
    Set<Long> ids = new HashSet<>();
    for (Op op : ops) {
      assertThat(ids.add(op.id())).isTrue();
      assertThat(op.key()).isEqualTo("k" + op.process());
      if (op.isOk()) {
        assertThat(op.reply()).isEqualTo("ok " + op.process());
        assertThat(op.completeNanos()).isGreaterThanOrEqualTo(op.invokeNanos());
      }
    }
    assertThat(ops).isSortedAccordingTo(History.BY_INVOKE);
    assertThat(ops.stream().filter(Op::isUnknown).count())
        .isEqualTo((long) threads * ((perThread + 6) / 7));
  }

  @Test
  void commandIsTheRequestLine() {
    Op put = new Op(1, 1, OpType.PUTNEW, "t", "k", "a b", 100, 0, 1, Outcome.OK, "ok");
    Op create = new Op(2, 1, OpType.CREATE, "t", null, null, 0, 0, 1, Outcome.OK, "created");

    assertThat(put.command()).isEqualTo("PUTNEW t k a b EXPIRE 100");
    assertThat(create.command()).isEqualTo("CREATE t");
  }
}
