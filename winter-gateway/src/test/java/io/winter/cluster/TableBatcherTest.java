package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.winter.proto.Batch;
import io.winter.proto.Get;
import io.winter.proto.Peer;
import io.winter.proto.PutNew;
import io.winter.proto.TableCommand;
import io.winter.proto.TableCommandReply;
import io.winter.proto.TableEntry;
import io.winter.proto.TableQuery;
import io.winter.proto.TableQueryReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TableBatcherTest {
  private static final ByteString GROUP = ByteString.copyFromUtf8("0123456789abcdef");
  private static final TableEntry OLD = entry("n1", "n2", "n3");
  private static final TableEntry MOVED = entry("n1", "n2", "n4");
  private static final TableEntry SOLE = entry("n1");

  private record Sent<Q, R>(TableEntry table, Q request, CompletableFuture<R> reply) {}

  private final List<Sent<TableCommand, TableCommandReply>> writes = new ArrayList<>();
  private final List<Sent<TableQuery, TableQueryReply>> reads = new ArrayList<>();
  private final TableBatcher batcher = new TableBatcher(
      (table, command) -> record(writes, table, command),
      (table, query) -> record(reads, table, query),
      60_000);

  @Test
  void writesWaitingBehindTheInFlightOnesLeaveAsOneEntryInArrivalOrder() {
    List<CompletableFuture<TableCommandReply>> replies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      replies.add(batcher.write(OLD, put("k" + i)));
    }
    assertThat(writes).hasSize(TableBatcher.WRITES_IN_FLIGHT);

    writes.get(0).reply().complete(TableCommandReply.getDefaultInstance());

    assertThat(writes).hasSize(3);
    Batch batch = writes.get(2).request().getBatch();
    assertThat(batch.getCommandsList()).extracting(c -> c.getPutNew().getKey().toStringUtf8())
        .containsExactly("k2", "k3", "k4");
    writes.get(2).reply().complete(TableCommandReply.newBuilder()
        .addReplies(reply(2)).addReplies(reply(3)).addReplies(reply(4)).build());
    assertThat(replies.get(3)).isCompletedWithValue(reply(3));
    assertThat(replies.get(1)).isNotDone();
  }

  @Test
  void aGroupOfOneReplicaGetsItsWaitingWritesAsOneEntryAfterTheOneInFlight() {
    List<CompletableFuture<TableCommandReply>> replies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replies.add(batcher.write(SOLE, put("k" + i)));
    }
    assertThat(writes).hasSize(1);

    writes.get(0).reply().complete(reply(0));

    assertThat(replies.get(0)).isCompletedWithValue(reply(0));
    assertThat(writes).hasSize(2);
    assertThat(keys(writes.get(1).request())).containsExactly("k1", "k2", "k3");
  }

  @Test
  void aGroupOfOneReplicaSendsASecondEntryWhenMoreWaitsThanOneCarries() {
    batcher.write(SOLE, put("first"));
    int value = 1000;
    int fill = TableBatcher.MAX_BATCH_BYTES / value + 1;
    for (int i = 0; i < fill; i++) {
      batcher.write(SOLE, put("k" + i, value));
    }
    assertThat(writes).hasSize(2);
    assertThat(keys(writes.get(0).request())).containsExactly("first");
    assertThat(keys(writes.get(1).request())).hasSizeLessThan(fill).startsWith("k0");
  }

  /**
   * Writes whose bytes alone would fit one entry but which, framed as a batch, do not: a second
   * entry leaves at once, as when more waits than one entry carries.
   */
  @Test
  void aGroupOfOneReplicaCountsWhatWaitsAsABatchWouldCarryIt() {
    batcher.write(SOLE, put("first"));
    int value = 1000;
    while (writesPastTheLimitOnlyOnceFramed(value) == 0 && value < 2000) {
      value++;
    }
    int count = writesPastTheLimitOnlyOnceFramed(value);
    assertThat(count).as("a value size whose framing alone passes the limit").isPositive();
    for (int i = 0; i < count; i++) {
      batcher.write(SOLE, put(String.format("k%03d", i), value));
    }

    assertThat(writes).hasSize(2);
    assertThat(keys(writes.get(1).request())).hasSize(count - 1).startsWith("k000");
  }

  /**
   * How many writes of {@code value} bytes first pass the batch limit as a batch frames them,
   * or 0 if their bare bytes pass it too.
   */
  private static int writesPastTheLimitOnlyOnceFramed(int value) {
    int count = 0;
    int bare = 0;
    int framed = 0;
    while (framed <= TableBatcher.MAX_BATCH_BYTES) {
      TableCommand next = put(String.format("k%03d", count), value);
      bare += next.getSerializedSize();
      framed += TableBatcher.batchedBytes(next);
      count++;
    }
    return bare < TableBatcher.MAX_BATCH_BYTES ? count : 0;
  }

  /**
   * A write retried with the catalog leader's newer entry (a replica moved away) waits among
   * writes still addressed by this node's older copy: it must reach the replicas it names.
   */
  @Test
  void aBatchNeverMixesRequestsAddressedToDifferentReplicas() {
    batcher.write(OLD, put("a"));
    batcher.write(OLD, put("b"));
    batcher.write(OLD, put("c"));
    batcher.write(MOVED, put("retried"));
    batcher.write(OLD, put("d"));

    writes.get(0).reply().complete(TableCommandReply.getDefaultInstance());
    writes.get(1).reply().complete(TableCommandReply.getDefaultInstance());
    while (writes.stream().anyMatch(w -> !w.reply().isDone())) {
      writes.stream().filter(w -> !w.reply().isDone()).findFirst().orElseThrow().reply()
          .complete(TableCommandReply.getDefaultInstance());
    }

    assertThat(writes).extracting(w -> keys(w.request()))
        .containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("retried"),
            List.of("d"));
    assertThat(writes.get(3).table()).isEqualTo(MOVED);
    assertThat(writes.get(4).table()).isEqualTo(OLD);
  }

  @Test
  void readsOfDifferentReplicaListsGoOutSeparately() {
    for (int i = 0; i < TableBatcher.READS_IN_FLIGHT; i++) {
      batcher.read(OLD, get("busy" + i));
    }
    CompletableFuture<TableQueryReply> old1 = batcher.read(OLD, get("o1"));
    CompletableFuture<TableQueryReply> moved = batcher.read(MOVED, get("m"));
    batcher.read(OLD, get("o2"));

    reads.get(0).reply().complete(TableQueryReply.getDefaultInstance());
    reads.get(1).reply().complete(TableQueryReply.getDefaultInstance());
    reads.get(2).reply().complete(TableQueryReply.getDefaultInstance());

    assertThat(reads).hasSize(TableBatcher.READS_IN_FLIGHT + 3);
    assertThat(reads.subList(TableBatcher.READS_IN_FLIGHT, reads.size()))
        .extracting(Sent::table).containsExactly(OLD, MOVED, OLD);
    TableQueryReply found = TableQueryReply.newBuilder().setFound(true)
        .setValue(ByteString.copyFromUtf8("v")).build();
    reads.get(TableBatcher.READS_IN_FLIGHT + 1).reply().complete(found);
    assertThat(moved).isCompletedWithValue(found);
    assertThat(old1).isNotDone();
  }

  @Test
  void aFailedBatchFailsEachOfItsRequestsAndTheNextBatchStillLeaves() {
    batcher.write(OLD, put("a"));
    batcher.write(OLD, put("b"));
    CompletableFuture<TableCommandReply> c = batcher.write(OLD, put("c"));
    CompletableFuture<TableCommandReply> d = batcher.write(OLD, put("d"));
    writes.get(0).reply().completeExceptionally(new IllegalStateException("no leader"));
    writes.get(2).reply().completeExceptionally(new IllegalStateException("no leader"));
    assertThat(c).isCompletedExceptionally();
    assertThat(d).isCompletedExceptionally();
    CompletableFuture<TableCommandReply> e = batcher.write(OLD, put("e"));
    assertThat(writes).hasSize(4);
    writes.get(3).reply().complete(reply(9));
    assertThat(e).isCompletedWithValue(reply(9));
  }

  private static <Q, R> CompletableFuture<R> record(List<Sent<Q, R>> log, TableEntry table,
                                                    Q request) {
    CompletableFuture<R> reply = new CompletableFuture<>();
    log.add(new Sent<>(table, request, reply));
    return reply;
  }

  private static List<String> keys(TableCommand command) {
    return command.hasBatch()
        ? command.getBatch().getCommandsList().stream()
            .map(c -> c.getPutNew().getKey().toStringUtf8()).toList()
        : List.of(command.getPutNew().getKey().toStringUtf8());
  }

  private static TableEntry entry(String... nodes) {
    TableEntry.Builder entry = TableEntry.newBuilder().setName("t").setGroupId(GROUP)
        .setReplication(3);
    for (String n : nodes) {
      entry.addReplicas(Peer.newBuilder().setId(n).setAddress(n + ":7000"));
    }
    return entry.build();
  }

  private static TableCommand put(String key) {
    return put(key, 1);
  }

  private static TableCommand put(String key, int valueBytes) {
    return TableCommand.newBuilder().setPutNew(PutNew.newBuilder()
        .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFrom(new byte[valueBytes])))
        .build();
  }

  private static TableQuery get(String key) {
    return TableQuery.newBuilder().setGet(Get.newBuilder().setKey(ByteString.copyFromUtf8(key)))
        .build();
  }

  private static TableCommandReply reply(int n) {
    return TableCommandReply.newBuilder().setRemoved(n).build();
  }
}
