package io.winter.bench.report;

import java.util.List;
import java.util.Map;

/**
 * What one scale run left: its facts (date, command, machine, cluster) and one row per node and
 * table count.
 */
public record ScaleResults(Map<String, String> meta, List<ScaleRow> rows) {}
