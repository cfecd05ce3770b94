package org.apache.ratis.server.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.impl.ServerImplUtils.NavigableIndices;
import org.junit.jupiter.api.Test;

/**
 * Pins down the Ratis 3.3 follower behaviour that makes Winter turn composed appends off
 * (RaftSettings): it lives in a package-private class, hence this test's package. Should a
 * Ratis upgrade make this fail, the behaviour changed and that setting can be reconsidered.
 */
class ComposedAppendOverlapTest {

  private static List<LogEntryProto> entries(long first, int count) {
    return LongStream.range(first, first + count)
        .mapToObj(i -> LogEntryProto.newBuilder().setTerm(3).setIndex(i).build())
        .collect(Collectors.toList());
  }

  private static List<Long> indexes(List<LogEntryProto> entries) {
    return entries.stream().map(LogEntryProto::getIndex).collect(Collectors.toList());
  }

  @Test
  void aLongerResendFromAPendingFirstIndexSucceedsWithoutItsExtraEntriesWritten() {
    NavigableIndices pending = new NavigableIndices();
    List<List<Long>> written = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> firstFlushed = new CompletableFuture<>();
    Function<List<LogEntryProto>, CompletableFuture<Void>> log = batch -> {
      written.add(indexes(batch));
      return firstFlushed;
    };

    CompletableFuture<Void> first = pending.append(entries(100, 10), log);
    // The leader resends from the same index with more entries while the first is unflushed.
    CompletableFuture<Void> resend = pending.append(entries(100, 20), log);
    firstFlushed.complete(null);
    first.join();
    resend.join();

    // The follower would now answer SUCCESS with match index 119 for the resend, yet only
    // 100..109 ever reached its log: the leader's view of it is ahead of what it holds.
    assertThat(written).containsExactly(indexes(entries(100, 10)));
    assertThat(resend).isCompleted().isNotCompletedExceptionally();
  }
}
