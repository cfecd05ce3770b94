package io.winter.bench.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.winter.bench.driver.Completion;
import io.winter.bench.driver.KvConnection;
import io.winter.bench.driver.KvDriver;
import io.winter.bench.driver.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Drives etcd through jetcd: a table is a key prefix, PUTNEW a transaction that puts only when
 * the key's create_revision is 0, GET a linearizable range read. Each connection is its own
 * {@link Client} (one gRPC channel) to one member, members taken in turn.
 */
public final class EtcdDriver implements KvDriver {

  private final List<String> endpoints;
  private final ExecutorService executor;
  private long compacted;

  public EtcdDriver(List<String> endpoints, int threads) {
    this.endpoints = List.copyOf(endpoints);
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "etcd-client");
      t.setDaemon(true);
      return t;
    });
  }

  private Client client(int index) {
    // jetcd closes the Vert.x instance with the client, so each client gets its own, kept small
    Vertx vertx = Vertx.vertx(new VertxOptions().setUseDaemonThread(true).setEventLoopPoolSize(1)
        .setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    return Client.builder().endpoints(endpoints.get(index % endpoints.size()))
        .executorService(executor).vertx(vertx).build();
  }

  static ByteSequence key(String table, byte[] key) {
    byte[] t = table.getBytes(StandardCharsets.US_ASCII);
    byte[] k = new byte[t.length + 1 + key.length];
    System.arraycopy(t, 0, k, 0, t.length);
    k[t.length] = '/';
    System.arraycopy(key, 0, k, t.length + 1, key.length);
    return ByteSequence.from(k);
  }

  @Override
  public void resetTables(List<String> tables) throws Exception {
    dropTables(tables);
  }

  @Override
  public void dropTables(List<String> tables) throws Exception {
    try (Client c = client(0)) {
      long revision = 0;
      for (String t : tables) {
        DeleteResponse r = c.getKVClient().delete(ByteSequence.from(t + "/", StandardCharsets.US_ASCII),
            DeleteOption.builder().isPrefix(true).build()).get(60, TimeUnit.SECONDS);
        revision = r.getHeader().getRevision();
      }
      // without compaction the deleted keys stay in etcd's history and its database grows
      if (revision > compacted) {
        c.getKVClient().compact(revision).get(60, TimeUnit.SECONDS);
        compacted = revision;
      }
    }
  }

  @Override
  public KvConnection connect(int index) {
    Client c = client(index);
    return new EtcdConnection(c, c.getKVClient());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private record EtcdConnection(Client client, KV kv) implements KvConnection {

    @Override
    public void putNew(String table, byte[] key, byte[] value, Completion done) {
      ByteSequence k = key(table, key);
      kv.txn().If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
          .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
          .commit()
          .whenComplete((r, e) -> done.done(e == null ? Outcome.OK : Outcome.ERROR, e == null ? null : e.toString()));
    }

    @Override
    public void get(String table, byte[] key, Completion done) {
      kv.get(key(table, key)).whenComplete((r, e) -> {
        if (e != null) {
          done.done(Outcome.ERROR, e.toString());
        } else {
          done.done(r.getKvs().isEmpty() ? Outcome.MISS : Outcome.OK, null);
        }
      });
    }

    @Override
    public void flush() {
      // gRPC sends each call at once; a batch is simply several outstanding calls
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
