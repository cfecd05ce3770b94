package io.winter.bench.cli;

import io.winter.bench.footprint.MemoryProbe;
import io.winter.bench.footprint.ScaleProbe;
import io.winter.bench.report.MachineInfo;
import io.winter.bench.report.Meta;
import io.winter.bench.report.MemoryRow;
import io.winter.bench.report.ReportWriter;
import io.winter.bench.report.ScaleCluster;
import io.winter.bench.report.ScaleRow;
import io.winter.bench.server.LaunchSettings;
import io.winter.bench.server.SystemName;
import io.winter.bench.server.SystemUnderTest;
import io.winter.bench.server.WinterNodes;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bin/winter-bench scale} and {@code bin/winter-bench memory}. */
final class FootprintCommands {

  private FootprintCommands() {}

  static void scale(Options o, String commandLine, PrintStream log) throws Exception {
    List<Integer> steps = Arrays.stream(o.get("tables", "1,100,1000").split(",")).map(Integer::parseInt).toList();
    Duration settle = o.duration("settle", Duration.ofSeconds(10));
    Duration idle = o.duration("idle", Duration.ofSeconds(10));
    Duration budget = o.duration("create-budget", Duration.ofMinutes(20));
    String javaOpts = o.get("winter-java-opts", "-Xmx2g");
    ScaleCluster shape = ScaleCluster.ofNodes(o.integer("nodes", 3));
    Paths p = paths(o);
    o.rejectUnknown();
    int max = steps.stream().mapToInt(Integer::intValue).max().orElse(1);
    Map<String, String> meta = meta(commandLine);
    meta.put("cluster", shape.description() + ", JVM options " + javaOpts);
    meta.put("steps", steps + " tables; " + settle.toSeconds() + " s idle before each " + idle.toSeconds()
        + " s measurement");
    Path work = Files.createTempDirectory("winter-bench-scale-");
    LaunchSettings launch = new LaunchSettings(work, LaunchSettings.findWinterHome(Path.of("")), javaOpts,
        Map.of("WINTER_MAX_TABLES", Integer.toString(Math.max(1000, max))));
    Path csv = p.data.resolve(shape.csvFile());
    try (WinterNodes cluster = (WinterNodes) SystemUnderTest.of(shape.system(), launch)) {
      log.println("starting " + shape.title() + "...");
      cluster.start();
      ScaleProbe probe = new ScaleProbe(cluster.addresses(), cluster.pids(), settle, idle, budget, log);
      List<ScaleRow> rows = probe.run(steps);
      if (probe.stopReason() != null) {
        meta.put("stopped early", "at " + rows.get(rows.size() - 1).tables() + " tables: " + probe.stopReason());
      }
      Files.deleteIfExists(csv);
      for (ScaleRow r : rows) {
        ScaleRow.append(csv, r);
      }
    } finally {
      RunCommand.deleteTree(work);
    }
    Meta.write(p.data.resolve(shape.metaFile()), meta);
    ReportWriter.write(p.data, p.report);
    log.println("scale figures: " + csv + "; report: " + p.report);
  }

  static void memory(Options o, String commandLine, PrintStream log) throws Exception {
    long keys = Long.parseLong(o.get("keys", "1000000"));
    int valueBytes = o.integer("value-bytes", 100);
    List<SystemName> systems = Arrays.stream(o.get("systems", "winter-1,redis-memory").split(","))
        .map(SystemName::parse).toList();
    String javaOpts = o.get("winter-java-opts", "-Xmx2g");
    Paths p = paths(o);
    o.rejectUnknown();
    Map<String, String> meta = meta(commandLine);
    meta.put("workload", keys + " keys of 16 bytes with " + valueBytes + "-byte values in one table");
    meta.put("Winter JVM options", javaOpts);
    Path work = Files.createTempDirectory("winter-bench-memory-");
    LaunchSettings launch = new LaunchSettings(work, LaunchSettings.findWinterHome(Path.of("")), javaOpts, Map.of());
    Files.deleteIfExists(p.data.resolve(ReportWriter.MEMORY));
    try {
      for (SystemName s : systems) {
        if (!s.available()) {
          log.println("skipping " + s.id() + ": " + s.missingHint());
          continue;
        }
        try (SystemUnderTest sut = SystemUnderTest.of(s, launch)) {
          log.printf("starting %s, writing %d keys...%n", s.id(), keys);
          sut.start();
          MemoryRow row = MemoryProbe.measure(sut, keys, valueBytes);
          log.printf("  %s: %.0f bytes per key%n", s.id(), row.bytesPerKey());
          MemoryRow.append(p.data.resolve(ReportWriter.MEMORY), row);
        }
      }
    } finally {
      RunCommand.deleteTree(work);
    }
    Meta.write(p.data.resolve(ReportWriter.MEMORY_META), meta);
    ReportWriter.write(p.data, p.report);
    log.println("memory figures: " + p.data.resolve(ReportWriter.MEMORY) + "; report: " + p.report);
  }

  record Paths(Path data, Path report) {}

  static Paths paths(Options o) {
    Path home = LaunchSettings.findWinterHome(Path.of(""));
    Path data = Path.of(o.get("out", home.resolve("docs/benchmarks").toString())).toAbsolutePath();
    Path report = Path.of(o.get("report", data.getParent().resolve("benchmarks.md").toString())).toAbsolutePath();
    return new Paths(data, report);
  }

  private static Map<String, String> meta(String commandLine) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    meta.put("command", commandLine);
    meta.put("Winter commit", RunCommand.commitOf(LaunchSettings.findWinterHome(Path.of(""))));
    MachineInfo.collect().forEach(meta::put);
    return meta;
  }
}
