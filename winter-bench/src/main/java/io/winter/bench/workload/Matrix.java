package io.winter.bench.workload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The sets of cells a benchmark run covers: the full cross product, the targets, or a smoke run. */
public enum Matrix {
  /** Every combination of every dimension. */
  FULL,
  /** Each target cell, plus each dimension varied once around a baseline. */
  TARGETS,
  /** A few tiny cells that prove the harness works end to end. */
  SMOKE;

  public static final List<Integer> CONNECTIONS = List.of(1, 16, 64, 256);
  public static final List<Integer> DEPTHS = List.of(1, 16);
  public static final List<Integer> VALUE_SIZES = List.of(100, 1024);
  public static final List<Integer> TABLES = List.of(1, 16);

  /** The baseline every one-factor variation starts from. */
  public static final Cell BASELINE = new Cell(Workload.WRITE, 100, 64, 1, 1);

  public List<Cell> cells() {
    return switch (this) {
      case FULL -> full();
      case TARGETS -> targets();
      case SMOKE -> List.of(
          new Cell(Workload.WRITE, 100, 4, 1, 1),
          new Cell(Workload.READ, 100, 4, 4, 2),
          new Cell(Workload.MIX, 100, 2, 1, 1));
    };
  }

  private static List<Cell> full() {
    List<Cell> cells = new ArrayList<>();
    for (Workload w : Workload.values()) {
      for (int v : VALUE_SIZES) {
        for (int c : CONNECTIONS) {
          for (int d : DEPTHS) {
            for (int t : TABLES) {
              cells.add(new Cell(w, v, c, d, t));
            }
          }
        }
      }
    }
    return cells;
  }

  private static List<Cell> targets() {
    Set<Cell> cells = new LinkedHashSet<>();
    // throughput vs connections for writes and reads (targets at 64 and 256, light load at 1)
    for (int c : CONNECTIONS) {
      cells.add(BASELINE.withConnections(c));
    }
    Cell read = new Cell(Workload.READ, 100, 64, 1, 1);
    cells.add(read.withConnections(1));
    cells.add(read);
    cells.add(read.withConnections(256));
    // one factor at a time around the baseline
    cells.add(new Cell(Workload.MIX, 100, 64, 1, 1));
    cells.add(new Cell(Workload.WRITE, 100, 64, 16, 1));
    cells.add(new Cell(Workload.READ, 100, 64, 16, 1));
    cells.add(new Cell(Workload.WRITE, 1024, 64, 1, 1));
    cells.add(new Cell(Workload.WRITE, 100, 64, 1, 16));
    return List.copyOf(cells);
  }

  public static Matrix parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
