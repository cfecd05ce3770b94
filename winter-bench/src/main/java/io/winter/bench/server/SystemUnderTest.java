package io.winter.bench.server;

import io.winter.bench.driver.KvDriver;
import java.util.List;

/** A running system of real processes on loopback, with a driver for it. */
public interface SystemUnderTest extends AutoCloseable {

  SystemName name();

  /** Starts every process and returns once the system answers requests. */
  void start() throws Exception;

  /** The PIDs of the server processes (not of the harness). */
  List<Long> pids();

  /** Fails with a log tail when a server process has exited. */
  void checkAlive() throws Exception;

  /** A new driver for this system; the caller closes it. */
  KvDriver newDriver(int ioThreads);

  /** Stops every process by its PID. */
  @Override
  void close();

  /** Creates the launcher of {@code name}, its files under {@code dir}. */
  static SystemUnderTest of(SystemName name, LaunchSettings settings) {
    return switch (name) {
      case WINTER_1 -> new WinterNodes(name, 1, settings);
      case WINTER_3 -> new WinterNodes(name, 3, settings);
      case ETCD_3 -> new EtcdMembers(3, settings);
      case REDIS_MEMORY -> new RedisServer(name, false, settings);
      case REDIS_ALWAYS -> new RedisServer(name, true, settings);
    };
  }
}
