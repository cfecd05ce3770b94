package io.winter.bench.report;

import io.winter.bench.run.RunResult;
import io.winter.bench.server.SystemName;
import io.winter.bench.workload.Cell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The median over repeats of one system in one cell (errors and misses are summed).
 *
 * @param runs how many runs the medians are taken over
 * @param seconds the measured window of each run
 */
public record Summary(Cell cell, String system, int runs, double seconds, double throughput, double p50Us, double p99Us,
                      double p999Us, double serverCpuS, double peakRssBytes, double clientCpuS,
                      long errors, long misses) {

  /** One summary per (cell, system), in the order cells and systems first appear in {@code runs}. */
  public static List<Summary> of(List<RunResult> runs) {
    Map<String, List<RunResult>> groups = new LinkedHashMap<>();
    for (RunResult r : runs) {
      groups.computeIfAbsent(r.cell().id() + " " + r.system(), k -> new ArrayList<>()).add(r);
    }
    List<Summary> out = new ArrayList<>();
    List<List<RunResult>> ordered = new ArrayList<>(groups.values());
    List<String> cells = new ArrayList<>();
    ordered.forEach(g -> {
      if (!cells.contains(g.get(0).cell().id())) {
        cells.add(g.get(0).cell().id());
      }
    });
    // cells in the order they first ran, systems in a fixed order within each cell
    ordered.sort(Comparator.comparingInt((List<RunResult> g) -> cells.indexOf(g.get(0).cell().id()))
        .thenComparingInt(g -> systemRank(g.get(0).system())));
    for (List<RunResult> g : ordered) {
      RunResult first = g.get(0);
      out.add(new Summary(first.cell(), first.system(), g.size(), median(g, RunResult::seconds),
          median(g, RunResult::throughput),
          median(g, r -> r.p50Us()), median(g, r -> r.p99Us()), median(g, r -> r.p999Us()),
          median(g, RunResult::serverCpuS), median(g, r -> r.peakRssBytes()), median(g, RunResult::clientCpuS),
          g.stream().mapToLong(RunResult::errors).sum(), g.stream().mapToLong(RunResult::misses).sum()));
    }
    return out;
  }

  static int systemRank(String system) {
    List<String> known = SystemName.all();
    int i = known.indexOf(system);
    return i < 0 ? known.size() : i;
  }

  /** The median of {@code f} over {@code rs}: the middle value, or the mean of the two middle ones. */
  public static <T> double median(List<T> rs, ToDoubleFunction<T> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** Median of raw values. */
  public static double median(double... values) {
    return median(Arrays.stream(values).boxed().toList(), Double::doubleValue);
  }

  /** Server CPU microseconds per operation. */
  public double cpuUsPerOp() {
    double ops = throughput * seconds;
    return ops > 0 ? serverCpuS * 1e6 / ops : Double.NaN;
  }
}
