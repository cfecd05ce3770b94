package io.winter.bench.server;

import io.winter.bench.driver.KvDriver;
import io.winter.bench.driver.redis.RedisDriver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One redis-server on loopback, in memory only or with every write fsync'd to its AOF. */
public final class RedisServer implements SystemUnderTest {

  private static final String HOST = "127.0.0.1";

  private final SystemName name;
  private final boolean fsyncAlways;
  private final LaunchSettings settings;
  private final int port;
  private ManagedProcess process;

  RedisServer(SystemName name, boolean fsyncAlways, LaunchSettings settings) {
    this.name = name;
    this.fsyncAlways = fsyncAlways;
    this.settings = settings;
    this.port = Ports.free();
  }

  @Override
  public SystemName name() {
    return name;
  }

  @Override
  public void start() throws Exception {
    Path dir = settings.workDir().resolve(name.id());
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of("redis-server",
        "--port", Integer.toString(port), "--bind", HOST, "--dir", dir.toString(),
        "--save", "", "--daemonize", "no", "--protected-mode", "no"));
    if (fsyncAlways) {
      cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      cmd.addAll(List.of("--appendonly", "no"));
    }
    process = ManagedProcess.start(name.id(), cmd, Map.of(), dir, dir.resolve("redis.log"));
    Await.until(name.id() + " answering PING", Duration.ofSeconds(30), () -> {
      process.checkAlive();
      return "+PONG".equals(ping());
    });
  }

  private String ping() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 2000);
      s.setSoTimeout(2000);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    } catch (Exception e) {
      return null;
    }
  }

  public int port() {
    return port;
  }

  @Override
  public List<Long> pids() {
    return process == null ? List.of() : List.of(process.pid());
  }

  @Override
  public void checkAlive() throws Exception {
    process.checkAlive();
  }

  @Override
  public KvDriver newDriver(int ioThreads) {
    return new RedisDriver(HOST, port, ioThreads);
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop();
    }
  }
}
