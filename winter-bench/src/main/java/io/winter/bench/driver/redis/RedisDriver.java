package io.winter.bench.driver.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.winter.bench.driver.Completion;
import io.winter.bench.driver.KvConnection;
import io.winter.bench.driver.KvDriver;
import io.winter.bench.driver.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Drives Redis through Lettuce: a table is a key prefix ({@code table:key}), PUTNEW is {@code SET
 * key value NX}, and pipelining is auto-flush off with one flush per batch.
 */
public final class RedisDriver implements KvDriver {

  private static final SetArgs NX = SetArgs.Builder.nx();

  private final ClientResources resources;
  private final RedisClient client;

  public RedisDriver(String host, int port, int ioThreads) {
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(ioThreads).computationThreadPoolSize(ioThreads).build();
    this.client = RedisClient.create(resources, RedisURI.create(host, port));
  }

  static byte[] key(String table, byte[] key) {
    byte[] t = table.getBytes(StandardCharsets.US_ASCII);
    byte[] k = new byte[t.length + 1 + key.length];
    System.arraycopy(t, 0, k, 0, t.length);
    k[t.length] = ':';
    System.arraycopy(key, 0, k, t.length + 1, key.length);
    return k;
  }

  @Override
  public void resetTables(List<String> tables) {
    dropTables(tables);
  }

  @Override
  public void dropTables(List<String> tables) {
    // each Redis server of the benchmark holds only the benchmark's keys
    try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
      c.sync().flushall();
    }
  }

  @Override
  public KvConnection connect(int index) {
    StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
    c.setAutoFlushCommands(false);
    return new RedisConnection(c, c.async());
  }

  @Override
  public void close() {
    client.shutdown();
    resources.shutdown();
  }

  private record RedisConnection(StatefulRedisConnection<byte[], byte[]> conn,
                                 RedisAsyncCommands<byte[], byte[]> async) implements KvConnection {

    @Override
    public void putNew(String table, byte[] key, byte[] value, Completion done) {
      // SET NX answers nil when the key exists: put-if-absent succeeded either way
      async.set(key(table, key), value, NX).whenComplete((r, e) ->
          done.done(e == null ? Outcome.OK : Outcome.ERROR, e == null ? null : e.toString()));
    }

    @Override
    public void get(String table, byte[] key, Completion done) {
      async.get(key(table, key)).whenComplete((r, e) -> {
        if (e != null) {
          done.done(Outcome.ERROR, e.toString());
        } else {
          done.done(r == null ? Outcome.MISS : Outcome.OK, null);
        }
      });
    }

    @Override
    public void flush() {
      conn.flushCommands();
    }

    @Override
    public void close() {
      conn.close();
    }
  }
}
