package io.winter.bench.report;

import io.winter.bench.run.RunResult;
import java.util.List;
import java.util.Map;

/**
 * Everything docs/benchmarks.md is rendered from.
 *
 * @param runMeta facts of the last matrix run (date, command, settings, machine)
 * @param runs every run of it
 * @param scale the last scale run of a 3-node cluster
 * @param singleNodeScale the last scale run of a single node
 * @param memoryMeta facts of the last memory run
 * @param memory its rows
 * @param throughputCharts chart file per cell group, relative to the report
 * @param latencyCharts chart file per cell id, relative to the report
 * @param notes hand-written notes to include, or empty
 * @param dataDir the directory of the raw files, relative to the report
 */
public record ReportInputs(Map<String, String> runMeta, List<RunResult> runs, ScaleResults scale,
                           ScaleResults singleNodeScale, Map<String, String> memoryMeta, List<MemoryRow> memory,
                           Map<String, String> throughputCharts, Map<String, String> latencyCharts,
                           String notes, String dataDir) {}
