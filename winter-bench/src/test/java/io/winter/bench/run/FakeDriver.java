package io.winter.bench.run;

import io.winter.bench.driver.Completion;
import io.winter.bench.driver.KvConnection;
import io.winter.bench.driver.KvDriver;
import io.winter.bench.driver.Outcome;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory system: queued operations run at flush, completing on the calling thread
 * ({@code async} false) or on another thread.
 */
final class FakeDriver implements KvDriver {

  final Map<String, Set<ByteBuffer>> tables = new ConcurrentHashMap<>();
  final AtomicInteger maxBatch = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();
  private final boolean async;
  private final ExecutorService io = Executors.newFixedThreadPool(2);

  FakeDriver(boolean async) {
    this.async = async;
  }

  @Override
  public void resetTables(List<String> names) {
    names.forEach(t -> tables.put(t, ConcurrentHashMap.newKeySet()));
  }

  @Override
  public void dropTables(List<String> names) {
    names.forEach(tables::remove);
  }

  @Override
  public KvConnection connect(int index) {
    connections.incrementAndGet();
    return new KvConnection() {
      private final List<Runnable> queued = new ArrayList<>();

      @Override
      public void putNew(String table, byte[] key, byte[] value, Completion done) {
        queued.add(() -> {
          Set<ByteBuffer> t = tables.get(table);
          if (t == null) {
            done.done(Outcome.ERROR, "missing table");
          } else {
            t.add(ByteBuffer.wrap(key));
            done.done(Outcome.OK, null);
          }
        });
      }

      @Override
      public void get(String table, byte[] key, Completion done) {
        queued.add(() -> {
          Set<ByteBuffer> t = tables.get(table);
          done.done(t == null ? Outcome.ERROR : t.contains(ByteBuffer.wrap(key)) ? Outcome.OK : Outcome.MISS,
              t == null ? "missing table" : null);
        });
      }

      @Override
      public void flush() {
        List<Runnable> batch = List.copyOf(queued);
        queued.clear();
        maxBatch.accumulateAndGet(batch.size(), Math::max);
        if (async) {
          io.execute(() -> batch.forEach(Runnable::run));
        } else {
          batch.forEach(Runnable::run);
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {
    io.shutdownNow();
  }
}
