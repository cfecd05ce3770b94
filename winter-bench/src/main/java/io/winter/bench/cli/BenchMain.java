package io.winter.bench.cli;

import io.winter.bench.report.ReportWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Entry point of {@code bin/winter-bench}: run, scale, memory, report. */
public final class BenchMain {

  static final String HELP = """
      usage: bin/winter-bench [run] [flags]      the run matrix, then docs/benchmarks.md
             bin/winter-bench scale [flags]      idle CPU, threads, RSS per node vs tables; CREATE time
             bin/winter-bench memory [flags]     memory per key, Winter vs Redis
             bin/winter-bench report [flags]     re-render the report from stored results

      run flags:
        --matrix targets|full     cells to run (default targets: every target cell, each dimension once)
        --smoke                   a few seconds: tiny cells, 1 repeat, Winter 1 node + etcd + Redis
        --cells ID,...            explicit cells instead, e.g. write-v100-c64-d1-t1,read-v100-c1-d1-t1
        --systems ID,...          winter-1,winter-3,etcd-3,redis-memory,redis-always (default: all)
        --duration 5s             measured window per run
        --warmup 2s               load before each window, not recorded
        --repeats 3               rounds; figures are medians over them
        --system-warmup 20s       per system after it starts: the cells in turn, not recorded
        --prefill-keys 10000      keys written before read and mix runs
        --io-threads 2            I/O threads of each client library
        --winter-java-opts "..."  WINTER_JAVA_OPTS of the Winter nodes (default -Xmx2g)
        --keep-work-dir           keep the servers' data directories and logs
      scale flags: --nodes 3 (or 1)  --tables 1,100,1000  --settle 10s  --idle 10s  --create-budget 20m
      memory flags: --keys 1000000  --value-bytes 100  --systems winter-1,redis-memory
      every command: --out DIR (default docs/benchmarks)  --report FILE (default DIR/../benchmarks.md)
      """;

  // gRPC (under jetcd) logs through java.util.logging at INFO; a logger's level lasts only while
  // something holds the logger
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
    List<String> list = Arrays.asList(args);
    if (list.contains("--help") || list.contains("-h")) {
      System.out.print(HELP);
      return;
    }
    String command = !list.isEmpty() && !list.get(0).startsWith("--") ? list.get(0) : "run";
    List<String> rest = !list.isEmpty() && !list.get(0).startsWith("--") ? list.subList(1, list.size()) : list;
    Options o = Options.parse(rest, Set.of("smoke", "keep-work-dir"));
    String line = "bin/winter-bench " + String.join(" ", list);
    try {
      switch (command) {
        case "run" -> RunCommand.execute(o, line, System.out);
        case "scale" -> FootprintCommands.scale(o, line, System.out);
        case "memory" -> FootprintCommands.memory(o, line, System.out);
        case "report" -> {
          FootprintCommands.Paths p = FootprintCommands.paths(o);
          o.rejectUnknown();
          ReportWriter.write(p.data(), p.report());
          System.out.println("report: " + p.report());
        }
        default -> throw new IllegalArgumentException("unknown command " + command + " (see --help)");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("winter-bench: " + e.getMessage());
      System.exit(2);
    }
    // client libraries leave non-daemon threads behind
    System.exit(0);
  }
}
