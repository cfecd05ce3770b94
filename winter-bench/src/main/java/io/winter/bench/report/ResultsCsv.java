package io.winter.bench.report;

import io.winter.bench.run.RunResult;
import io.winter.bench.workload.Cell;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The raw per-run results file (runs.csv): one line per run, appended as runs finish. */
public final class ResultsCsv {

  public static final List<String> HEADER = List.of("round", "system", "cell", "workload", "value_bytes",
      "connections", "depth", "tables", "seconds", "ops", "ops_per_s", "errors", "misses", "p50_us",
      "p99_us", "p999_us", "max_us", "server_cpu_s", "peak_rss_bytes", "client_cpu_s", "first_error");

  private ResultsCsv() {}

  public static void append(Path file, RunResult r) throws IOException {
    Cell c = r.cell();
    Csv.append(file, HEADER, List.of(Integer.toString(r.round()), r.system(), c.id(), c.workload().label(),
        Integer.toString(c.valueBytes()), Integer.toString(c.connections()), Integer.toString(c.depth()),
        Integer.toString(c.tables()), fmt(r.seconds()), Long.toString(r.ops()), fmt(r.throughput()),
        Long.toString(r.errors()), Long.toString(r.misses()), Long.toString(r.p50Us()),
        Long.toString(r.p99Us()), Long.toString(r.p999Us()), Long.toString(r.maxUs()), fmt(r.serverCpuS()),
        Long.toString(r.peakRssBytes()), fmt(r.clientCpuS()), r.firstError()));
  }

  public static List<RunResult> read(Path file) throws IOException {
    List<RunResult> out = new ArrayList<>();
    for (Map<String, String> m : Csv.read(file)) {
      out.add(new RunResult(Integer.parseInt(m.get("round")), m.get("system"), Cell.parse(m.get("cell")),
          Double.parseDouble(m.get("seconds")), Long.parseLong(m.get("ops")), Long.parseLong(m.get("errors")),
          Long.parseLong(m.get("misses")), Long.parseLong(m.get("p50_us")), Long.parseLong(m.get("p99_us")),
          Long.parseLong(m.get("p999_us")), Long.parseLong(m.get("max_us")),
          Double.parseDouble(m.get("server_cpu_s")), Long.parseLong(m.get("peak_rss_bytes")),
          Double.parseDouble(m.get("client_cpu_s")), m.get("first_error")));
    }
    return out;
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
