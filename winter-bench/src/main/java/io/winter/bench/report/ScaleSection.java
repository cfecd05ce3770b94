package io.winter.bench.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A scale figures section: idle footprint per node against the number of tables. */
final class ScaleSection {

  private ScaleSection() {}

  static void render(StringBuilder md, ScaleCluster cluster, ScaleResults results) {
    List<ScaleRow> rows = results.rows();
    md.append("## Scale: idle footprint of ").append(cluster.title()).append("\n\n");
    if (rows.isEmpty()) {
      md.append("No figures yet: run `").append(cluster.command()).append("`.\n\n");
      return;
    }
    md.append("Reported, no target. Each node is idle (no client load) while measured; CPU is ")
        .append("averaged over the idle window. *CREATE s* is the time all CREATEs up to that many ")
        .append("tables took, one after the other on one connection.").append(cluster.aside())
        .append("\n\n");
    MarkdownReport.facts(md, results.meta());
    md.append("| tables | node | idle CPU % of a core | threads | RSS MiB | CREATE s (cumulative) |\n")
        .append("|---|---|---|---|---|---|\n");
    for (ScaleRow r : rows) {
      md.append("| ").append(r.tables()).append(" | ").append(r.node()).append(" | ")
          .append(Format.fixed(r.idleCpuPercent(), 1)).append(" | ").append(r.threads()).append(" | ")
          .append(Format.mib(r.rssBytes())).append(" | ").append(Format.fixed(r.createSeconds(), 1))
          .append(" |\n");
    }
    md.append('\n');
    Map<Integer, Double> created = rows.stream().collect(Collectors.toMap(ScaleRow::tables,
        ScaleRow::createSeconds, Math::max, java.util.TreeMap::new));
    created.forEach((t, s) -> md.append("- ").append(t).append(t == 1 ? " table" : " tables").append(" created in ")
        .append(Format.fixed(s, 1)).append(" s\n"));
    md.append('\n');
  }
}
