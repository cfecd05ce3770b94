package io.winter.bench.footprint;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.winter.bench.driver.KvDriver;
import io.winter.bench.report.MemoryRow;
import io.winter.bench.run.Prefill;
import io.winter.bench.server.RedisServer;
import io.winter.bench.server.SystemUnderTest;
import io.winter.bench.server.WinterNodes;
import io.winter.bench.workload.Keys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Measures the memory a system needs per key by writing many keys and comparing before and after. */
public final class MemoryProbe {

  static final String WINTER_METHOD =
      "heap in use after jcmd GC.run (sum of jvm_memory_used_bytes{area=\"heap\"} on /metrics)";
  static final String REDIS_METHOD = "used_memory of INFO memory";

  private static final int PREFILL_CONNECTIONS = 16;

  private MemoryProbe() {}

  /** Writes {@code keys} keys of {@code valueBytes} into one table of {@code sut} and measures. */
  public static MemoryRow measure(SystemUnderTest sut, long keys, int valueBytes) throws Exception {
    List<String> table = List.of(Keys.table(0));
    try (KvDriver driver = sut.newDriver(2)) {
      driver.resetTables(table);
      long before = used(sut);
      Prefill.run(driver, table, keys, valueBytes, PREFILL_CONNECTIONS);
      long after = used(sut);
      String method = sut instanceof WinterNodes ? WINTER_METHOD : REDIS_METHOD;
      return new MemoryRow(sut.name().id(), keys, valueBytes, before, after, method);
    }
  }

  private static long used(SystemUnderTest sut) throws Exception {
    if (sut instanceof WinterNodes w) {
      return winterHeapAfterGc(w.pids().get(0), w.metricsPort(0));
    }
    if (sut instanceof RedisServer r) {
      return redisUsedMemory(r.port());
    }
    throw new IllegalArgumentException("no memory probe for " + sut.name().id());
  }

  static long winterHeapAfterGc(long pid, int metricsPort) throws Exception {
    // two full collections: the first may leave objects that finalisation or references free
    for (int i = 0; i < 2; i++) {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("jcmd " + pid + " GC.run failed: " + out);
      }
    }
    String metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return heapUsed(metrics);
  }

  /** Sum of the {@code jvm_memory_used_bytes} samples with {@code area="heap"} in exposition text. */
  static long heapUsed(String metrics) {
    double sum = 0;
    boolean found = false;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("no jvm_memory_used_bytes{area=\"heap\"} in /metrics");
    }
    return (long) sum;
  }

  static long redisUsedMemory(int port) {
    RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      for (String line : c.sync().info("memory").split("\r?\n")) {
        if (line.startsWith("used_memory:")) {
          return Long.parseLong(line.substring("used_memory:".length()).trim());
        }
      }
      throw new IllegalStateException("no used_memory in INFO memory");
    } finally {
      client.shutdown();
    }
  }
}
