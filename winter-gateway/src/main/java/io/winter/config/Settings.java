package io.winter.config;

import io.winter.statemachine.TableStateMachine;
import java.util.List;

/** Every setting of a Winter node, in the order {@code --help} lists them. */
public final class Settings {
  private Settings() {}

  public static final Setting<Integer> RECEPTOR_PORT = Setting.port("RECEPTOR_PORT", 6060,
      "TCP port of the text protocol (name kept from the original Winter)");
  public static final Setting<String> BIND = Setting.text("WINTER_BIND", "127.0.0.1",
      "address the client and Raft ports listen on (no authentication yet: keep it private); "
          + "0.0.0.0 when IS_DISTRIBUTED=true and this is not set");
  public static final Setting<Integer> RAFT_PORT = Setting.port("WINTER_RAFT_PORT", 6061,
      "port of Raft replication (gRPC)");
  public static final Setting<String> DATA_DIR = Setting.text("WINTER_DATA_DIR", "./data",
      "directory of the Raft logs and snapshots");
  public static final Setting<String> NODE_ID = Setting.text("WINTER_NODE_ID", "",
      "this node's id, remembered in the data directory on first start (default: host name)");
  public static final Setting<String> PEERS = Setting.text("WINTER_PEERS", "",
      "static cluster members, id=host:raftPort,... (this node included); empty: one node");
  public static final Setting<String> ADVERTISE_HOST = Setting.text("WINTER_ADVERTISE_HOST", "",
      "address other nodes use to reach this one (default: WINTER_BIND, or the host name "
          + "when binding all interfaces)");
  public static final Setting<Boolean> IS_DISTRIBUTED = Setting.flag("IS_DISTRIBUTED", false,
      "find the other nodes through DNS SRV records (name kept from the original Winter)");
  public static final Setting<String> DNS_SERVICE_NAME = Setting.text("DNS_SERVICE_NAME", "",
      "headless Service whose SRV records _raft._tcp.<name> list the nodes (e.g. winter-nodes)");
  public static final Setting<String> DNS_APPLICATION_NAME = Setting.text(
      "DNS_APPLICATION_NAME", "",
      "StatefulSet name: the first WINTER_BOOTSTRAP_EXPECT nodes <name>-0, <name>-1, ... form "
          + "the cluster (e.g. winter)");
  public static final Setting<String> DNS_SERVER = Setting.text("WINTER_DNS_SERVER", "",
      "host:port of the DNS server to ask (default: the system resolver's)");
  public static final Setting<Integer> BOOTSTRAP_EXPECT = Setting.positive(
      "WINTER_BOOTSTRAP_EXPECT", 3, "nodes that must be seen before a new cluster forms (DNS mode)");
  public static final Setting<Integer> REPLICATION = Setting.positive("WINTER_REPLICATION", 3,
      "replicas per table, capped by the number of nodes (CREATE t REPLICAS n overrides)");
  public static final Setting<java.time.Duration> RECONCILE_INTERVAL = Setting.duration(
      "WINTER_RECONCILE_INTERVAL", "10s",
      "how often the catalog leader reconciles membership with DNS or WINTER_PEERS");
  public static final Setting<java.time.Duration> DEAD_PEER_GRACE = Setting.duration(
      "WINTER_DEAD_PEER_GRACE", "5m",
      "how long a node gone from DNS and unreachable keeps its replicas before they move");
  public static final Setting<Integer> MAX_LINE_BYTES = Setting.positive("WINTER_MAX_LINE_BYTES",
      1 << 20, "longest request line in bytes, without its line ending");
  public static final Setting<Integer> MAX_KEY_BYTES = Setting.positive("WINTER_MAX_KEY_BYTES",
      256, "longest key in bytes");
  public static final Setting<Integer> MAX_VALUE_BYTES = Setting.positive(
      "WINTER_MAX_VALUE_BYTES", 1 << 20, "longest PUTNEW data in bytes");
  public static final Setting<Integer> MAX_TABLE_NAME_BYTES = Setting.positive(
      "WINTER_MAX_TABLE_NAME_BYTES", 64, "longest table name");
  public static final Setting<Integer> MAX_TABLES = Setting.positive("WINTER_MAX_TABLES", 1000,
      "most tables the cluster holds (each is a Raft group)");
  public static final Setting<Integer> MAX_CONNECTIONS = Setting.positive(
      "WINTER_MAX_CONNECTIONS", 1024, "most open client connections per node");
  public static final Setting<Integer> MAX_PIPELINE = Setting.positive("WINTER_MAX_PIPELINE",
      1024, "most outstanding requests per connection before the node stops reading from it");
  public static final Setting<Integer> IO_THREADS = Setting.countOrAuto("WINTER_IO_THREADS", 256,
      "event loops serving client connections; 0: one per two cores, at least one (each batch"
          + " of a table's replies then wakes fewer loops)");
  public static final Setting<Integer> REQUEST_TIMEOUT_MS = Setting.positive(
      "WINTER_REQUEST_TIMEOUT_MS", 5000, "how long a command may wait for its Raft group");
  public static final Setting<Integer> SNAPSHOT_THRESHOLD = Setting.positive(
      "WINTER_SNAPSHOT_THRESHOLD", 10000,
      "log entries of a table between snapshots; a table over "
          + (TableStateMachine.PROPORTIONAL_SNAPSHOTS_ABOVE_BYTES >> 20) + " MiB also waits"
          + " until the log since its last snapshot is as large as the table was then (the log"
          + " is purged behind each snapshot)");
  public static final Setting<Integer> EXPIRY_SWEEP_MS = Setting.positive(
      "WINTER_EXPIRY_SWEEP_MS", 1000,
      "how often a table's leader proposes removing expired keys (reads hide them at once)");
  public static final Setting<Integer> METRICS_PORT = Setting.port("WINTER_METRICS_PORT", 9464,
      "HTTP port of /metrics (Prometheus), /livez and /readyz, on WINTER_BIND's address "
          + "(0: any free port)");
  public static final Setting<String> LOG_LEVEL = Setting.text("WINTER_LOG_LEVEL", "INFO",
      "log level of Winter's own loggers (ERROR, WARN, INFO, DEBUG)");
  public static final Setting<String> RATIS_LOG_LEVEL = Setting.text("WINTER_RATIS_LOG_LEVEL",
      "WARN", "log level of Ratis' server loggers; INFO logs every group's elections and "
          + "configuration changes (for diagnosing a group that elects no leader)");
  public static final Setting<String> JAVA_OPTS = Setting.text("WINTER_JAVA_OPTS", "",
      "JVM options; bin/winter reads this variable before the JVM starts (the flag has no effect)");
  public static final Setting<Integer> METRICS_TABLES = Setting.positive("WINTER_METRICS_TABLES",
      100, "most tables with their own metric series (the first by name); the rest are only "
          + "counted in the node-wide totals");
  public static final Setting<String> LOG_FORMAT = new Setting<>("WINTER_LOG_FORMAT", "text",
      "log line format: text, or json for one JSON object per line", text -> {
        String format = text.toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
          throw new IllegalArgumentException("expected text or json");
        }
        return format;
      });
  public static final Setting<String> CONFIG = Setting.text("WINTER_CONFIG", "",
      "settings file of KEY = value lines (keys are the variable names); a variable or flag "
          + "wins over the file");

  public static final List<Setting<?>> ALL = List.of(RECEPTOR_PORT, BIND, RAFT_PORT, DATA_DIR,
      NODE_ID, PEERS, ADVERTISE_HOST, IS_DISTRIBUTED, DNS_SERVICE_NAME, DNS_APPLICATION_NAME,
      DNS_SERVER, BOOTSTRAP_EXPECT, REPLICATION, RECONCILE_INTERVAL, DEAD_PEER_GRACE,
      MAX_LINE_BYTES, MAX_KEY_BYTES, MAX_VALUE_BYTES, MAX_TABLE_NAME_BYTES, MAX_TABLES,
      MAX_CONNECTIONS, MAX_PIPELINE, IO_THREADS, REQUEST_TIMEOUT_MS, SNAPSHOT_THRESHOLD,
      EXPIRY_SWEEP_MS, METRICS_PORT, LOG_LEVEL, RATIS_LOG_LEVEL, JAVA_OPTS, METRICS_TABLES,
      LOG_FORMAT, CONFIG);
}
