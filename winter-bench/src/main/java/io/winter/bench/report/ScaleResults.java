package io.winter.bench.report;

import java.util.List;
import java.util.Map;

/**
 * What one scale run left: its facts (date, command, machine, cluster) and one row per node and
 * table count.
 */
public record ScaleResults(Map<String, String> meta, List<ScaleRow> rows) {

  /** The scale figures of a single node are kept apart from the 3-node cluster's. */
  public static String csvFile(int nodes) {
    return nodes == 1 ? "scale-1node.csv" : ReportWriter.SCALE;
  }

  /** The facts file beside {@link #csvFile}. */
  public static String metaFile(int nodes) {
    return nodes == 1 ? "scale-1node-meta.txt" : ReportWriter.SCALE_META;
  }
}
