package io.winter.bench.server;

import io.winter.bench.driver.KvDriver;
import io.winter.bench.driver.winter.LineClient;
import io.winter.bench.driver.winter.WinterDriver;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** One Winter node, or a static cluster of them, as bin/winter processes on loopback. */
public final class WinterNodes implements SystemUnderTest {

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final SystemName name;
  private final int size;
  private final LaunchSettings settings;
  private final int[] ports;
  private final int[] raftPorts;
  private final int[] metricsPorts;
  private final List<ManagedProcess> processes = new ArrayList<>();

  WinterNodes(SystemName name, int size, LaunchSettings settings) {
    this.name = name;
    this.size = size;
    this.settings = settings;
    this.ports = IntStream.range(0, size).map(i -> Ports.free()).toArray();
    this.raftPorts = IntStream.range(0, size).map(i -> Ports.free()).toArray();
    this.metricsPorts = IntStream.range(0, size).map(i -> Ports.free()).toArray();
  }

  @Override
  public SystemName name() {
    return name;
  }

  @Override
  public void start() throws Exception {
    Path base = settings.workDir().resolve(name.id());
    String peers = IntStream.range(0, size).mapToObj(i -> id(i) + "=" + HOST + ":" + raftPorts[i])
        .collect(Collectors.joining(","));
    for (int i = 0; i < size; i++) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("RECEPTOR_PORT", Integer.toString(ports[i]));
      env.put("WINTER_RAFT_PORT", Integer.toString(raftPorts[i]));
      env.put("WINTER_METRICS_PORT", Integer.toString(metricsPorts[i]));
      env.put("WINTER_DATA_DIR", base.resolve(id(i)).resolve("data").toString());
      env.put("WINTER_BIND", HOST);
      env.put("WINTER_NODE_ID", id(i));
      if (size > 1) {
        env.put("WINTER_PEERS", peers);
        env.put("WINTER_ADVERTISE_HOST", HOST);
      }
      env.put("WINTER_JAVA_OPTS", settings.winterJavaOpts());
      env.putAll(settings.winterEnv());
      String bin = settings.winterHome().resolve("bin").resolve("winter").toString();
      processes.add(ManagedProcess.start(name.id() + "/" + id(i), List.of(bin), env,
          settings.winterHome(), base.resolve(id(i) + ".log")));
    }
    for (int i = 0; i < size; i++) {
      int node = i;
      Await.until(name.id() + " node " + id(i) + " answering PING and /readyz", START_TIMEOUT, () -> {
        processes.get(node).checkAlive();
        HttpResponse<String> r = Await.get("http://" + HOST + ":" + metricsPorts[node] + "/readyz");
        return "pong".equals(LineClient.tryOnce(HOST, ports[node], "PING", Duration.ofSeconds(5)))
            && r != null && r.statusCode() == 200;
      });
    }
    // a cluster is formed once a table can be created and dropped through it
    Await.until(name.id() + " creating a table", START_TIMEOUT, () -> {
      checkAlive();
      String created = LineClient.tryOnce(HOST, ports[0], "CREATE bench_probe", Duration.ofSeconds(30));
      return ("created".equals(created) || "already created".equals(created))
          && "dropped".equals(LineClient.tryOnce(HOST, ports[0], "DROP bench_probe", Duration.ofSeconds(30)));
    });
  }

  private static String id(int i) {
    return "n" + (i + 1);
  }

  /** Client addresses of the nodes. */
  public List<InetSocketAddress> addresses() {
    return IntStream.range(0, size).mapToObj(i -> new InetSocketAddress(HOST, ports[i])).toList();
  }

  /** The metrics (HTTP) port of node {@code i}. */
  public int metricsPort(int i) {
    return metricsPorts[i];
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
    return new WinterDriver(addresses(), ioThreads);
  }

  @Override
  public void close() {
    processes.forEach(ManagedProcess::stop);
  }
}
