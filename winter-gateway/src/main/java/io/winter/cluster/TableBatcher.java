package io.winter.cluster;

import io.winter.proto.Batch;
import io.winter.proto.GetMany;
import io.winter.proto.TableCommand;
import io.winter.proto.TableCommandReply;
import io.winter.proto.TableEntry;
import io.winter.proto.TableQuery;
import io.winter.proto.TableQueryReply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Gathers what this node sends to one table's group while earlier requests are in flight: the
 * waiting PUTNEWs and DELETEs become one Raft entry, the waiting GETs one linearizable read. A
 * lone request goes out as it is, so light load sees no extra delay; under load the group sees
 * a few large requests instead of many small ones (one log append, one replication round and one
 * read index each).
 *
 * <p>Writes leave in the order they arrived, through the table's ordered Raft client, so the
 * group applies them in that order: batching keeps every connection's write order.
 *
 * <p>A batch only gathers requests addressed to the same replicas: a request retried with the
 * catalog leader's newer entry (a replica moved away) must reach those replicas, not ride with
 * requests still addressed by this node's older copy of the catalog.
 */
final class TableBatcher {
  /**
   * Write entries in flight at once to a replicated group: enough to overlap one batch's
   * replication round with the next. -Dwinter.batch.writesInFlight,
   * -Dwinter.batch.soleReplicaWritesInFlight and -Dwinter.batch.readsInFlight change them, for
   * measuring.
   */
  static final int WRITES_IN_FLIGHT = Integer.getInteger("winter.batch.writesInFlight", 2);
  /**
   * Write entries in flight at once to a group of one replica, unless a whole batch waits. Its
   * entry is done after one local log sync, with no network round to overlap; a second entry
   * sent meanwhile would only split what waits into two syncs of the same log, and each entry
   * costs the node a sync and several thread wake-ups (docs/benchmarks/notes.md).
   */
  static final int SOLE_REPLICA_WRITES_IN_FLIGHT =
      Integer.getInteger("winter.batch.soleReplicaWritesInFlight", 1);
  static final int READS_IN_FLIGHT = Integer.getInteger("winter.batch.readsInFlight", 4);
  /** Far below the smallest Raft entry limit (64 KiB plus the longest key and value). */
  static final int MAX_BATCH_BYTES = 48 * 1024;
  /** Bounds a read batch's reply (each value may be up to WINTER_MAX_VALUE_BYTES). */
  static final int MAX_BATCH_GETS = 32;

  private final BiFunction<TableEntry, TableCommand, CompletableFuture<TableCommandReply>> sender;
  private final BiFunction<TableEntry, TableQuery, CompletableFuture<TableQueryReply>> reader;
  private final long timeoutMs;
  private final ArrayDeque<Pending<TableCommand, TableCommandReply>> writes = new ArrayDeque<>();
  private final ArrayDeque<Pending<TableQuery, TableQueryReply>> reads = new ArrayDeque<>();
  /** {@link #batchedBytes} of the writes waiting in {@link #writes}. */
  private long waitingWriteBytes;
  private int writesInFlight;
  private int readsInFlight;
  private boolean sendingWrites;

  private record Pending<Q, R>(TableEntry table, Q request, CompletableFuture<R> reply) {}

  /**
   * @param sender sends one command (a batch, or a lone request) to the replicas of the entry
   * @param reader sends one query likewise, as a linearizable read
   * @param timeoutMs how long a batch may stay in flight: a Raft request that never completes
   *     (its client closed under it, say) must not hold the table's later requests forever
   */
  TableBatcher(BiFunction<TableEntry, TableCommand, CompletableFuture<TableCommandReply>> sender,
               BiFunction<TableEntry, TableQuery, CompletableFuture<TableQueryReply>> reader,
               long timeoutMs) {
    this.sender = sender;
    this.reader = reader;
    this.timeoutMs = timeoutMs;
  }

  /** Sends a PUTNEW or DELETE with the next batch; completes with its own reply. */
  CompletableFuture<TableCommandReply> write(TableEntry entry, TableCommand command) {
    CompletableFuture<TableCommandReply> reply = new CompletableFuture<>();
    synchronized (this) {
      writes.add(new Pending<>(entry, command, reply));
      waitingWriteBytes += batchedBytes(command);
    }
    drainWrites();
    return reply;
  }

  /** Sends a GET with the next read batch; completes with its own reply. */
  CompletableFuture<TableQueryReply> read(TableEntry entry, TableQuery get) {
    CompletableFuture<TableQueryReply> reply = new CompletableFuture<>();
    synchronized (this) {
      reads.add(new Pending<>(entry, get, reply));
    }
    drainReads();
    return reply;
  }

  /**
   * Sends waiting writes while fewer batches are out than {@link #writesAllowedInFlight()}. One
   * thread sends at a time (so batches leave in queue order), and never while holding this
   * object's lock: Ratis completes replies on its own threads, under its own locks, and those
   * callbacks come back here.
   */
  private void drainWrites() {
    while (true) {
      List<Pending<TableCommand, TableCommandReply>> batch;
      synchronized (this) {
        if (sendingWrites || writes.isEmpty() || writesInFlight >= writesAllowedInFlight()) {
          return;
        }
        sendingWrites = true;
        writesInFlight++;
        batch = takeWrites();
      }
      CompletableFuture<TableCommandReply> sent;
      try {
        TableCommand command = batch.size() == 1 ? batch.get(0).request()
            : TableCommand.newBuilder().setBatch(Batch.newBuilder()
                .addAllCommands(batch.stream().map(Pending::request).toList())).build();
        sent = Timeouts.within(sender.apply(batch.get(0).table(), command), timeoutMs);
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      } finally {
        synchronized (this) {
          sendingWrites = false;
        }
      }
      sent.whenComplete((reply, error) -> {
        synchronized (this) {
          writesInFlight--;
        }
        deliver(batch, reply, error, TableCommandReply::getDropped,
            TableCommandReply::getRepliesList);
        drainWrites();
      });
    }
  }

  /**
   * How many write batches may be out (under this object's lock, with writes waiting): fewer
   * to a group of one replica, unless more waits than one batch carries.
   */
  private int writesAllowedInFlight() {
    boolean soleReplica = writes.peek().table().getReplicasCount() == 1;
    return soleReplica && waitingWriteBytes < MAX_BATCH_BYTES
        ? SOLE_REPLICA_WRITES_IN_FLIGHT : WRITES_IN_FLIGHT;
  }

  private List<Pending<TableCommand, TableCommandReply>> takeWrites() {
    List<Pending<TableCommand, TableCommandReply>> batch = new ArrayList<>();
    int bytes = 0;
    while (!writes.isEmpty() && (batch.isEmpty()
        || bytes + batchedBytes(writes.peek().request()) <= MAX_BATCH_BYTES
        && sameReplicas(batch.get(0).table(), writes.peek().table()))) {
      Pending<TableCommand, TableCommandReply> p = writes.poll();
      waitingWriteBytes -= batchedBytes(p.request());
      bytes += batchedBytes(p.request());
      batch.add(p);
    }
    return batch;
  }

  /**
   * What a command adds to a batch: its bytes and an allowance for the field tag and length
   * that frame it there. One measure for what waits and for what one entry takes, so "more
   * waits than one entry carries" means exactly that.
   */
  static int batchedBytes(TableCommand command) {
    return command.getSerializedSize() + 8;
  }

  /** Like {@link #drainWrites()} for GETs (reads need no order among themselves). */
  private void drainReads() {
    while (true) {
      List<Pending<TableQuery, TableQueryReply>> batch = new ArrayList<>();
      synchronized (this) {
        if (readsInFlight >= READS_IN_FLIGHT || reads.isEmpty()) {
          return;
        }
        readsInFlight++;
        batch.add(reads.poll());
        while (!reads.isEmpty() && batch.size() < MAX_BATCH_GETS
            && sameReplicas(batch.get(0).table(), reads.peek().table())) {
          batch.add(reads.poll());
        }
      }
      CompletableFuture<TableQueryReply> sent;
      try {
        TableQuery query = batch.size() == 1 ? batch.get(0).request()
            : TableQuery.newBuilder().setGetMany(GetMany.newBuilder()
                .addAllGets(batch.stream().map(p -> p.request().getGet()).toList())).build();
        sent = Timeouts.within(reader.apply(batch.get(0).table(), query), timeoutMs);
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete((reply, error) -> {
        synchronized (this) {
          readsInFlight--;
        }
        deliver(batch, reply, error, TableQueryReply::getDropped,
            TableQueryReply::getRepliesList);
        drainReads();
      });
    }
  }

  /** Whether two entries of this batcher's group name the same replicas. */
  private static boolean sameReplicas(TableEntry a, TableEntry b) {
    return a == b || a.getReplicasList().equals(b.getReplicasList());
  }

  /** Hands each request its share of the reply; a dropped table or an error reaches all. */
  private static <Q, R> void deliver(List<Pending<Q, R>> batch, R reply, Throwable error,
                                     Function<R, Boolean> dropped,
                                     Function<R, List<R>> parts) {
    if (error != null) {
      batch.forEach(p -> p.reply().completeExceptionally(error));
    } else if (batch.size() == 1 || dropped.apply(reply)) {
      batch.forEach(p -> p.reply().complete(reply));
    } else {
      List<R> replies = parts.apply(reply);
      if (replies.size() != batch.size()) {
        IllegalStateException e = new IllegalStateException("batch of " + batch.size()
            + " answered with " + replies.size() + " replies");
        batch.forEach(p -> p.reply().completeExceptionally(e));
        return;
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).reply().complete(replies.get(i));
      }
    }
  }
}
