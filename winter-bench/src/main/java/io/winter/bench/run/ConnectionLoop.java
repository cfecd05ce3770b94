package io.winter.bench.run;

import io.winter.bench.driver.KvConnection;
import io.winter.bench.driver.Outcome;
import io.winter.bench.workload.Cell;
import io.winter.bench.workload.Keys;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The closed loop of one connection: send {@code depth} requests, flush once, and send the next
 * batch when every reply of this one has come back. A batch runs on the thread that completed the
 * previous one, so no thread per connection is needed.
 */
final class ConnectionLoop {

  private final KvConnection conn;
  private final int index;
  private final Cell cell;
  private final byte[] value;
  private final long keysPerTable;
  private final String[] tables;
  private final LoadStats stats;
  private final CountDownLatch finished;
  private final SplittableRandom random;
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile boolean stopping;
  private long seq;

  ConnectionLoop(KvConnection conn, int index, Cell cell, String[] tables, long keysPerTable,
                 LoadStats stats, CountDownLatch finished) {
    this.conn = conn;
    this.index = index;
    this.cell = cell;
    this.value = Keys.value(cell.valueBytes());
    this.tables = tables;
    this.keysPerTable = keysPerTable;
    this.stats = stats;
    this.finished = finished;
    this.random = new SplittableRandom(index * 7919L + 17);
  }

  void start() {
    run();
  }

  /** Lets the current batch finish and sends no more. */
  void stop() {
    stopping = true;
  }

  private void run() {
    // the batch holds one extra count until it is fully sent: whoever takes the count to zero,
    // this thread or the one completing the last reply, starts the next batch, exactly once
    while (true) {
      if (stopping) {
        finished.countDown();
        return;
      }
      remaining.set(cell.depth() + 1);
      sendBatch();
      if (remaining.decrementAndGet() != 0) {
        return;
      }
    }
  }

  private void sendBatch() {
    int depth = cell.depth();
    long start = System.nanoTime();
    for (int i = 0; i < depth; i++) {
      String table = tables[random.nextInt(tables.length)];
      if (cell.workload().isRead(random.nextInt(100))) {
        conn.get(table, Keys.readKey(random.nextLong(keysPerTable)), (o, d) -> done(start, o, d));
      } else {
        conn.putNew(table, Keys.writeKey(index, seq++), value, (o, d) -> done(start, o, d));
      }
    }
    conn.flush();
  }

  private void done(long start, Outcome outcome, String detail) {
    stats.record(outcome, System.nanoTime() - start, detail);
    if (remaining.decrementAndGet() == 0) {
      run();
    }
  }
}
