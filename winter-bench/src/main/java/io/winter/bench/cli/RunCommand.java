package io.winter.bench.cli;

import io.winter.bench.report.MachineInfo;
import io.winter.bench.report.Meta;
import io.winter.bench.report.ReportWriter;
import io.winter.bench.run.MatrixRunner;
import io.winter.bench.run.Plan;
import io.winter.bench.run.RunResult;
import io.winter.bench.run.RunSettings;
import io.winter.bench.server.LaunchSettings;
import io.winter.bench.server.SystemName;
import io.winter.bench.workload.Cell;
import io.winter.bench.workload.Matrix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bin/winter-bench run}: the run matrix against every system, then the report. */
public final class RunCommand {

  /** What a run produced. */
  public record Outcome(Path dataDir, Path report, List<RunResult> results, List<String> skipped) {}

  private RunCommand() {}

  public static Outcome execute(Options o, String commandLine, PrintStream log) throws Exception {
    boolean smoke = o.flag("smoke");
    Matrix matrix = smoke ? Matrix.SMOKE : Matrix.parse(o.get("matrix", "targets"));
    boolean tiny = matrix == Matrix.SMOKE;
    Path home = LaunchSettings.findWinterHome(Path.of(""));
    Path dataDir = Path.of(o.get("out", tiny ? home.resolve("winter-bench/target/bench-smoke").toString()
        : home.resolve("docs/benchmarks").toString())).toAbsolutePath();
    Path report = Path.of(o.get("report", tiny ? dataDir.resolve("benchmarks.md").toString()
        : dataDir.getParent().resolve("benchmarks.md").toString())).toAbsolutePath();
    RunSettings settings = new RunSettings(
        o.duration("warmup", tiny ? Duration.ofMillis(500) : Duration.ofSeconds(2)),
        o.duration("duration", tiny ? Duration.ofSeconds(1) : Duration.ofSeconds(5)),
        Long.parseLong(o.get("prefill-keys", tiny ? "200" : "10000")),
        o.integer("io-threads", 2));
    String cellsFlag = o.get("cells", null);
    List<Cell> cells = cellsFlag == null ? matrix.cells()
        : Arrays.stream(cellsFlag.split(",")).map(Cell::parse).toList();
    List<SystemName> wanted = Arrays.stream(o.get("systems", String.join(",", tiny
        ? List.of("winter-1", "etcd-3", "redis-memory", "redis-always") : SystemName.all())).split(","))
        .map(SystemName::parse).toList();
    int repeats = o.integer("repeats", tiny ? 1 : 3);
    Duration systemWarmup = o.duration("system-warmup", tiny ? Duration.ZERO : Duration.ofSeconds(20));
    String javaOpts = o.get("winter-java-opts", tiny ? "-Xmx512m -XX:+UseSerialGC" : "-Xmx2g");
    boolean keep = o.flag("keep-work-dir");
    o.rejectUnknown();

    List<String> skipped = new ArrayList<>();
    List<SystemName> systems = new ArrayList<>();
    for (SystemName s : wanted) {
      if (s.available()) {
        systems.add(s);
      } else {
        skipped.add(s.id() + ": " + s.missingHint());
        log.println("skipping " + s.id() + ": " + s.missingHint());
      }
    }
    Plan plan = new Plan(cells, systems, repeats, settings, systemWarmup);
    log.printf("matrix %s: %d cells x %d systems x %d repeats = %d runs of %.1f s (+%.1f s warm-up); "
            + "expected to take about %d min%n", cellsFlag == null ? matrix.name().toLowerCase() : "custom",
        cells.size(), systems.size(), repeats, plan.totalRuns(), settings.duration().toMillis() / 1000.0,
        settings.warmup().toMillis() / 1000.0, Math.max(1, plan.estimate().toMinutes()));

    Files.createDirectories(dataDir);
    clearPrevious(dataDir);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    meta.put("command", commandLine);
    meta.put("Winter commit", commitOf(home));
    meta.put("matrix", (cellsFlag == null ? matrix.name().toLowerCase() : "custom") + ", " + cells.size()
        + " cells, " + plan.totalRuns() + " runs");
    meta.put("per run", settings.warmup().toMillis() + " ms warm-up, " + settings.duration().toMillis()
        + " ms measured; " + settings.prefillKeys() + " keys written before read runs");
    meta.put("repeats", repeats + " (figures are medians)");
    meta.put("systems", String.join(", ", systems.stream().map(SystemName::id).toList())
        + (skipped.isEmpty() ? "" : " (skipped: " + String.join("; ", skipped) + ")"));
    meta.put("system warm-up", systemWarmup.toSeconds()
        + " s per system after start, running the plan's cells in turn (one pass at least), not recorded");
    meta.put("Winter JVM options", javaOpts);
    MachineInfo.collect().forEach(meta::put);
    Meta.write(dataDir.resolve(ReportWriter.RUN_META), meta);

    Path work = Files.createTempDirectory("winter-bench-");
    LaunchSettings launch = new LaunchSettings(work, home, javaOpts, Map.of());
    long t0 = System.nanoTime();
    List<RunResult> results;
    try {
      results = new MatrixRunner(log).run(plan, launch, dataDir.resolve(ReportWriter.RUNS));
    } finally {
      if (!keep) {
        deleteTree(work);
      } else {
        log.println("work directory kept: " + work);
      }
    }
    meta.put("took", Math.round((System.nanoTime() - t0) / 60e9) + " min");
    Meta.write(dataDir.resolve(ReportWriter.RUN_META), meta);
    ReportWriter.write(dataDir, report);
    log.println("results: " + dataDir + "; report: " + report);
    return new Outcome(dataDir, report, results, skipped);
  }

  private static void clearPrevious(Path dataDir) throws IOException {
    Files.deleteIfExists(dataDir.resolve(ReportWriter.RUNS));
    try (DirectoryStream<Path> charts = Files.newDirectoryStream(dataDir, "{throughput,latency}-*.png")) {
      for (Path p : charts) {
        Files.delete(p);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The commit of the tree measured, marked when its code has uncommitted changes. */
  static String commitOf(Path home) {
    try {
      Process head = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "--short", "HEAD")
          .redirectErrorStream(true).start();
      String commit = new String(head.getInputStream().readAllBytes()).trim();
      // docs/ is where the results go (and the old ones are cleared first): not the code measured
      Process status = new ProcessBuilder("git", "-C", home.toString(), "status", "--porcelain",
          "--untracked-files=no", "--", ".", ":!docs").redirectErrorStream(true).start();
      boolean dirty = !new String(status.getInputStream().readAllBytes()).isBlank();
      boolean known = head.waitFor() == 0 && status.waitFor() == 0;
      return known ? commit + (dirty ? " (with uncommitted changes)" : "") : "unknown";
    } catch (java.io.IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
