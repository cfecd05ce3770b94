package io.winter.bench.chart;

import io.winter.bench.report.Summary;
import io.winter.bench.workload.Cell;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts of the medians: throughput against connections, and latency percentiles. */
public final class Charts {

  private static final int WIDTH = 800;
  private static final int HEIGHT = 480;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /**
   * One throughput-vs-connections chart per group of cells that differ only in connections (at
   * least two counts); returns the file names written into {@code dir}, keyed by group name.
   */
  public static Map<String, String> throughputVsConnections(List<Summary> summaries, Path dir) throws IOException {
    Map<String, List<Summary>> groups = new LinkedHashMap<>();
    for (Summary s : summaries) {
      groups.computeIfAbsent(groupOf(s.cell()), k -> new ArrayList<>()).add(s);
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (Map.Entry<String, List<Summary>> g : groups.entrySet()) {
      if (g.getValue().stream().map(s -> s.cell().connections()).distinct().count() < 2) {
        continue;
      }
      Map<String, XYSeries> series = new LinkedHashMap<>();
      for (Summary s : g.getValue()) {
        series.computeIfAbsent(s.system(), XYSeries::new).add(s.cell().connections(), s.throughput());
      }
      XYSeriesCollection data = new XYSeriesCollection();
      series.values().forEach(data::addSeries);
      JFreeChart chart = ChartFactory.createXYLineChart("Throughput vs connections: " + g.getKey(),
          "connections", "operations / s", data, PlotOrientation.VERTICAL, true, false, false);
      XYPlot plot = chart.getXYPlot();
      LogAxis x = new LogAxis("connections");
      x.setBase(2);
      x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      plot.setDomainAxis(x);
      XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
      for (int i = 0; i < data.getSeriesCount(); i++) {
        r.setSeriesStroke(i, new BasicStroke(2f));
      }
      plot.setRenderer(r);
      style(chart);
      String file = "throughput-" + g.getKey() + ".png";
      save(chart, dir.resolve(file));
      files.put(g.getKey(), file);
    }
    return files;
  }

  /** A grouped bar chart of p50, p99 and p99.9 per system in {@code cell}; returns the file name. */
  public static String latency(List<Summary> summaries, Cell cell, Path dir) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Summary s : summaries) {
      if (s.cell().equals(cell)) {
        data.addValue(Math.max(0.001, s.p50Us() / 1000), s.system(), "p50");
        data.addValue(Math.max(0.001, s.p99Us() / 1000), s.system(), "p99");
        data.addValue(Math.max(0.001, s.p999Us() / 1000), s.system(), "p99.9");
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("Latency: " + cell.id(), "percentile",
        "milliseconds (log scale)", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setRangeAxis(new LogAxis("milliseconds (log scale)"));
    style(chart);
    String file = "latency-" + cell.id() + ".png";
    save(chart, dir.resolve(file));
    return file;
  }

  /** The cell id without its connections, e.g. {@code write-v100-d1-t1}. */
  static String groupOf(Cell c) {
    return c.workload().label() + "-v" + c.valueBytes() + "-d" + c.depth() + "-t" + c.tables();
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(Color.WHITE);
  }

  private static void save(JFreeChart chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }
}
