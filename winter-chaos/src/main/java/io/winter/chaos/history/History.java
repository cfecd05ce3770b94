package io.winter.chaos.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A thread-safe recorder of the operations that many client threads invoke and complete. */
public final class History {
  /** The reply of an op that was invoked and has not completed (yet). */
  public static final String PENDING_REPLY = "no reply (still pending)";

  /** Invocation order, then id: the order {@link #ops()} and the JSON-lines files use. */
  public static final Comparator<Op> BY_INVOKE =
      Comparator.comparingLong(Op::invokeNanos).thenComparingLong(Op::id);

  private final LongSupplier nanoClock;
  private final AtomicLong nextId = new AtomicLong();
  private final ConcurrentHashMap<Long, Recorded> recorded = new ConcurrentHashMap<>();

  private record Recorded(Op op, boolean completed) {}

  /** A recorder stamping ops with {@link System#nanoTime()}. */
  public History() {
    this(System::nanoTime);
  }

  /** A recorder stamping ops with the given clock (nanoseconds, never going backwards). */
  public History(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Records that process is about to send the command; returns the id to {@link #complete}. */
  public long invoke(
      int process, OpType type, String table, String key, String value, long expireMs) {
    long id = nextId.getAndIncrement();
    Op pending = new Op(id, process, type, table, key, value, expireMs, nanoClock.getAsLong(),
        Long.MAX_VALUE, Outcome.UNKNOWN, PENDING_REPLY);
    recorded.put(id, new Recorded(pending, false));
    return id;
  }

  /** Records how op id ended; each op completes at most once. */
  public void complete(long id, Outcome outcome, String reply) {
    long now = nanoClock.getAsLong();
    recorded.compute(id, (ignored, entry) -> {
      if (entry == null) {
        throw new IllegalArgumentException("no op " + id + " was invoked");
      }
      if (entry.completed()) {
        throw new IllegalStateException("op " + id + " already completed: " + entry.op());
      }
      Op p = entry.op();
      Op done = new Op(p.id(), p.process(), p.type(), p.table(), p.key(), p.value(),
          p.expireMs(), p.invokeNanos(), now, outcome, reply);
      return new Recorded(done, true);
    });
  }

  /** Every op so far, pending ones as UNKNOWN, in invocation order. */
  public List<Op> ops() {
    List<Op> ops = new ArrayList<>(recorded.size());
    recorded.values().forEach(entry -> ops.add(entry.op()));
    ops.sort(BY_INVOKE);
    return List.copyOf(ops);
  }

  /** Writes {@link #ops()} to file, one JSON object per line. */
  public void writeJsonLines(Path file) throws IOException {
    writeJsonLines(ops(), file);
  }

  /** Writes ops to file, one JSON object per line. */
  public static void writeJsonLines(List<Op> ops, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Op op : ops) {
        out.write(OpJson.toJson(op));
        out.write('\n');
      }
    }
  }

  /** Reads a file written by {@link #writeJsonLines}, in invocation order. */
  public static List<Op> readJsonLines(Path file) throws IOException {
    List<Op> ops = new ArrayList<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        ops.add(OpJson.fromJson(line));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ":" + lineNumber + ": " + e.getMessage(), e);
      }
    }
    ops.sort(BY_INVOKE);
    return List.copyOf(ops);
  }
}
