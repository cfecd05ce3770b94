package io.winter.bench.report;

import io.winter.bench.server.SystemName;

/** The clusters the scale probe measures, each with the files its figures are kept in. */
public enum ScaleCluster {
  THREE_NODES(3, SystemName.WINTER_3, "3 Winter nodes on loopback, static peers", "a 3-node cluster",
      "", ReportWriter.SCALE, ReportWriter.SCALE_META),
  SINGLE_NODE(1, SystemName.WINTER_1, "1 Winter node", "a single node",
      " Every table of a single node is a Raft group of one replica: no heartbeats, no followers "
          + "to start, each entry committed by the node's own log.",
      "scale-1node.csv", "scale-1node-meta.txt");

  private final int nodes;
  private final SystemName system;
  private final String description;
  private final String title;
  private final String aside;
  private final String csvFile;
  private final String metaFile;

  ScaleCluster(int nodes, SystemName system, String description, String title, String aside,
               String csvFile, String metaFile) {
    this.nodes = nodes;
    this.system = system;
    this.description = description;
    this.title = title;
    this.aside = aside;
    this.csvFile = csvFile;
    this.metaFile = metaFile;
  }

  /** The cluster of {@code bin/winter-bench scale --nodes N}. */
  public static ScaleCluster ofNodes(int nodes) {
    for (ScaleCluster c : values()) {
      if (c.nodes == nodes) {
        return c;
      }
    }
    throw new IllegalArgumentException("--nodes is 1 or 3, not " + nodes);
  }

  public SystemName system() {
    return system;
  }

  /** The cluster as the facts table describes it. */
  public String description() {
    return description;
  }

  /** The cluster as headings and progress lines name it. */
  public String title() {
    return title;
  }

  /** What the section's introduction adds for this cluster (empty, or a sentence after a space). */
  public String aside() {
    return aside;
  }

  /** The command that measures this cluster. */
  public String command() {
    return "bin/winter-bench scale" + (this == THREE_NODES ? "" : " --nodes " + nodes);
  }

  public String csvFile() {
    return csvFile;
  }

  public String metaFile() {
    return metaFile;
  }
}
