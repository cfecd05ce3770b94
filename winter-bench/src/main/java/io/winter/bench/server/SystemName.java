package io.winter.bench.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The systems the harness can start and drive, each with the binary it needs. */
public enum SystemName {
  WINTER_1("winter-1", "Winter, 1 node", null),
  WINTER_3("winter-3", "Winter, 3 nodes", null),
  ETCD_3("etcd-3", "etcd 3.4, 3 members", "etcd"),
  REDIS_MEMORY("redis-memory", "Redis 7, in memory only", "redis-server"),
  REDIS_ALWAYS("redis-always", "Redis 7, appendfsync always", "redis-server");

  private final String id;
  private final String title;
  private final String binary;

  SystemName(String id, String title, String binary) {
    this.id = id;
    this.title = title;
    this.binary = binary;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public boolean isWinter() {
    return binary == null;
  }

  /** Whether the binary this system needs is on the PATH (Winter is built from this repository). */
  public boolean available() {
    return binary == null || onPath(binary).isPresent();
  }

  /** What to install when {@link #available()} is false. */
  public String missingHint() {
    return binary + " is not on the PATH (Debian: apt-get install "
        + (binary.equals("etcd") ? "etcd-server etcd-client" : "redis-server") + ")";
  }

  public static Optional<Path> onPath(String binary) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(d -> Path.of(d, binary)).filter(Files::isExecutable).findFirst();
  }

  public static SystemName parse(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown system " + id + "; known: " + all()));
  }

  public static List<String> all() {
    return Arrays.stream(values()).map(SystemName::id).toList();
  }
}
