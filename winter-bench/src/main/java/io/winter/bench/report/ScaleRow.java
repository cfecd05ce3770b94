package io.winter.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The idle footprint of one node of a cluster holding {@code tables} tables.
 *
 * @param tables tables in the cluster
 * @param node node id
 * @param idleCpuPercent CPU use while idle, in percent of one core
 * @param threads threads of the node's process
 * @param rssBytes resident set size
 * @param createSeconds time the CREATEs that brought the cluster to {@code tables} took (cumulative)
 */
public record ScaleRow(int tables, String node, double idleCpuPercent, long threads, long rssBytes,
                       double createSeconds) {

  static final List<String> HEADER = List.of("tables", "node", "idle_cpu_percent", "threads", "rss_bytes",
      "create_seconds_cumulative");

  public static void append(Path file, ScaleRow r) throws IOException {
    Csv.append(file, HEADER, List.of(Integer.toString(r.tables), r.node, ResultsCsv.fmt(r.idleCpuPercent),
        Long.toString(r.threads), Long.toString(r.rssBytes), ResultsCsv.fmt(r.createSeconds)));
  }

  public static List<ScaleRow> read(Path file) throws IOException {
    return Csv.read(file).stream().map(ScaleRow::of).toList();
  }

  private static ScaleRow of(Map<String, String> m) {
    return new ScaleRow(Integer.parseInt(m.get("tables")), m.get("node"),
        Double.parseDouble(m.get("idle_cpu_percent")), Long.parseLong(m.get("threads")),
        Long.parseLong(m.get("rss_bytes")), Double.parseDouble(m.get("create_seconds_cumulative")));
  }
}
