package io.winter.bench.run;

import io.winter.bench.driver.KvConnection;
import io.winter.bench.driver.KvDriver;
import io.winter.bench.driver.Outcome;
import io.winter.bench.workload.Keys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Writes the keys a read run reads, before the run, through the system's own driver. */
public final class Prefill {

  /** Connections a prefill uses unless told otherwise. */
  public static final int CONNECTIONS = 4;
  private static final int BATCH = 64;

  private Prefill() {}

  /** Writes {@code readKey(0..keysPerTable-1)} with values of {@code valueBytes} into every table. */
  public static void run(KvDriver driver, List<String> tables, long keysPerTable, int valueBytes)
      throws Exception {
    run(driver, tables, keysPerTable, valueBytes, CONNECTIONS);
  }

  /** As {@link #run(KvDriver, List, long, int)} over {@code connections} connections. */
  public static void run(KvDriver driver, List<String> tables, long keysPerTable, int valueBytes,
                         int connections) throws Exception {
    byte[] value = Keys.value(valueBytes);
    long total = keysPerTable * tables.size();
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int conn = c;
      KvConnection kv = driver.connect(c);
      Thread t = new Thread(() -> {
        try (kv) {
          // connection c writes every connections-th key, in batches
          for (long i = conn; i < total; ) {
            List<Long> batch = new ArrayList<>();
            for (; i < total && batch.size() < BATCH; i += connections) {
              batch.add(i);
            }
            write(kv, tables, keysPerTable, value, batch);
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }, "prefill-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void write(KvConnection kv, List<String> tables, long keysPerTable, byte[] value,
                            List<Long> batch) throws Exception {
    CountDownLatch replies = new CountDownLatch(batch.size());
    AtomicReference<String> error = new AtomicReference<>();
    for (long n : batch) {
      String table = tables.get((int) (n / keysPerTable));
      kv.putNew(table, Keys.readKey(n % keysPerTable), value, (o, d) -> {
        if (o == Outcome.ERROR) {
          error.compareAndSet(null, d);
        }
        replies.countDown();
      });
    }
    kv.flush();
    if (!replies.await(120, TimeUnit.SECONDS)) {
      throw new IOException("prefill: no reply within 120 s");
    }
    if (error.get() != null) {
      throw new IOException("prefill write failed: " + error.get());
    }
  }
}
