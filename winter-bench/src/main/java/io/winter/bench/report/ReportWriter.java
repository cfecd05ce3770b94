package io.winter.bench.report;

import io.winter.bench.chart.Charts;
import io.winter.bench.run.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads the raw files of a results directory, draws the charts and writes the Markdown report. */
public final class ReportWriter {

  public static final String RUNS = "runs.csv";
  public static final String RUN_META = "run-meta.txt";
  public static final String SCALE = "scale.csv";
  public static final String SCALE_META = "scale-meta.txt";
  public static final String MEMORY = "memory.csv";
  public static final String MEMORY_META = "memory-meta.txt";
  public static final String NOTES = "notes.md";

  private ReportWriter() {}

  /** Renders {@code report} from the files in {@code dataDir}; returns the Markdown written. */
  public static String write(Path dataDir, Path report) throws IOException {
    List<RunResult> runs = ResultsCsv.read(dataDir.resolve(RUNS));
    List<Summary> summaries = Summary.of(runs);
    Map<String, String> throughput = Charts.throughputVsConnections(summaries, dataDir);
    Map<String, String> latency = new LinkedHashMap<>();
    for (Summary s : summaries) {
      if (!latency.containsKey(s.cell().id())) {
        latency.put(s.cell().id(), Charts.latency(summaries, s.cell(), dataDir));
      }
    }
    Path notes = dataDir.resolve(NOTES);
    Path parent = report.toAbsolutePath().getParent();
    String rel = parent.relativize(dataDir.toAbsolutePath()).toString().replace('\\', '/');
    ReportInputs in = new ReportInputs(Meta.read(dataDir.resolve(RUN_META)), runs,
        scale(dataDir, ScaleCluster.THREE_NODES), scale(dataDir, ScaleCluster.SINGLE_NODE),
        Meta.read(dataDir.resolve(MEMORY_META)), MemoryRow.read(dataDir.resolve(MEMORY)),
        throughput, latency, Files.exists(notes) ? Files.readString(notes, StandardCharsets.UTF_8) : "",
        rel.isEmpty() ? "." : rel);
    String md = MarkdownReport.render(in);
    Files.createDirectories(parent);
    Files.writeString(report, md, StandardCharsets.UTF_8);
    return md;
  }

  private static ScaleResults scale(Path dataDir, ScaleCluster cluster) throws IOException {
    return new ScaleResults(Meta.read(dataDir.resolve(cluster.metaFile())),
        ScaleRow.read(dataDir.resolve(cluster.csvFile())));
  }
}
