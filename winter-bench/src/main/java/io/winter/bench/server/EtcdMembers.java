package io.winter.bench.server;

import io.winter.bench.driver.KvDriver;
import io.winter.bench.driver.etcd.EtcdDriver;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** An etcd cluster of {@code n} members on loopback, each with a fresh data directory. */
public final class EtcdMembers implements SystemUnderTest {

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final int size;
  private final LaunchSettings settings;
  private final int[] clientPorts;
  private final int[] peerPorts;
  private final List<ManagedProcess> processes = new ArrayList<>();

  EtcdMembers(int size, LaunchSettings settings) {
    this.size = size;
    this.settings = settings;
    this.clientPorts = IntStream.range(0, size).map(i -> Ports.free()).toArray();
    this.peerPorts = IntStream.range(0, size).map(i -> Ports.free()).toArray();
  }

  @Override
  public SystemName name() {
    return SystemName.ETCD_3;
  }

  @Override
  public void start() throws Exception {
    Path base = settings.workDir().resolve(name().id());
    Files.createDirectories(base);
    String cluster = IntStream.range(0, size)
        .mapToObj(i -> "e" + (i + 1) + "=http://" + HOST + ":" + peerPorts[i])
        .collect(Collectors.joining(","));
    String token = "bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    for (int i = 0; i < size; i++) {
      String member = "e" + (i + 1);
      List<String> cmd = List.of("etcd",
          "--name", member,
          "--data-dir", base.resolve(member).toString(),
          "--listen-client-urls", clientUrl(i),
          "--advertise-client-urls", clientUrl(i),
          "--listen-peer-urls", "http://" + HOST + ":" + peerPorts[i],
          "--initial-advertise-peer-urls", "http://" + HOST + ":" + peerPorts[i],
          "--initial-cluster", cluster,
          "--initial-cluster-state", "new",
          "--initial-cluster-token", token,
          "--logger", "zap",
          "--log-level", "warn");
      processes.add(ManagedProcess.start(name().id() + "/" + member, cmd, Map.of(), base,
          base.resolve(member + ".log")));
    }
    for (int i = 0; i < size; i++) {
      int m = i;
      Await.until("etcd member e" + (i + 1) + " healthy", START_TIMEOUT, () -> {
        processes.get(m).checkAlive();
        HttpResponse<String> r = Await.get(clientUrl(m) + "/health");
        return r != null && r.statusCode() == 200 && r.body().contains("\"true\"");
      });
    }
  }

  private String clientUrl(int i) {
    return "http://" + HOST + ":" + clientPorts[i];
  }

  @Override
  public List<Long> pids() {
    return processes.stream().map(ManagedProcess::pid).toList();
  }

  @Override
  public void checkAlive() throws Exception {
    for (ManagedProcess p : processes) {
      p.checkAlive();
    }
  }

  @Override
  public KvDriver newDriver(int ioThreads) {
    return new EtcdDriver(IntStream.range(0, size).mapToObj(this::clientUrl).toList(), ioThreads);
  }

  @Override
  public void close() {
    processes.forEach(ManagedProcess::stop);
  }
}
