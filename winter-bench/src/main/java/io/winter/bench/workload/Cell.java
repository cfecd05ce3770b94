package io.winter.bench.workload;

/**
 * One point of the run matrix: what every system is driven with, identically.
 *
 * @param workload the operation mix
 * @param valueBytes size of each written value
 * @param connections client connections, each a closed loop
 * @param depth requests each connection sends per batch (1 = no pipelining)
 * @param tables tables (key prefixes for etcd and Redis) the keys are spread over
 */
public record Cell(Workload workload, int valueBytes, int connections, int depth, int tables) {

  public Cell {
    if (valueBytes < 1 || connections < 1 || depth < 1 || tables < 1) {
      throw new IllegalArgumentException("every dimension of a cell must be positive: " + this);
    }
  }

  /** A stable, file-name-safe name, e.g. {@code write-v100-c64-d1-t1}. */
  public String id() {
    return workload.label() + "-v" + valueBytes + "-c" + connections + "-d" + depth + "-t" + tables;
  }

  /** The same cell with another number of connections. */
  public Cell withConnections(int c) {
    return new Cell(workload, valueBytes, c, depth, tables);
  }

  public static Cell parse(String id) {
    String[] p = id.split("-");
    if (p.length != 5) {
      throw new IllegalArgumentException("not a cell id: " + id);
    }
    return new Cell(Workload.parse(p[0]), num(p[1], 'v'), num(p[2], 'c'), num(p[3], 'd'), num(p[4], 't'));
  }

  private static int num(String part, char tag) {
    if (part.isEmpty() || part.charAt(0) != tag) {
      throw new IllegalArgumentException("expected " + tag + "<n>, got " + part);
    }
    return Integer.parseInt(part.substring(1));
  }

  @Override
  public String toString() {
    return id();
  }
}
