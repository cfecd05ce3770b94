package io.winter.bench.report;

import java.util.List;
import java.util.Map;

/** The memory-per-key section. */
final class MemorySection {

  private MemorySection() {}

  static void render(StringBuilder md, Map<String, String> meta, List<MemoryRow> rows) {
    md.append("## Memory per key\n\n");
    if (rows.isEmpty()) {
      md.append("No figures yet: run `bin/winter-bench memory`.\n\n");
      return;
    }
    MarkdownReport.facts(md, meta);
    md.append("| system | keys | value bytes | before MiB | after MiB | bytes per key | measured as |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (MemoryRow r : rows) {
      md.append("| ").append(r.system()).append(" | ").append(r.keys()).append(" | ").append(r.valueBytes())
          .append(" | ").append(Format.mib(r.beforeBytes())).append(" | ").append(Format.mib(r.afterBytes()))
          .append(" | ").append(Format.fixed(r.bytesPerKey(), 0)).append(" | ").append(r.method()).append(" |\n");
    }
    md.append('\n');
  }
}
