package io.winter.bench.chart;

import io.winter.bench.report.Summary;
import io.winter.bench.workload.Cell;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
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
      x.setNumberFormatOverride(new DecimalFormat("0"));
      x.setTickUnit(new NumberTickUnit(1), false, true);
      plot.setDomainAxis(x);
      // Redis is an order of magnitude above the rest: a log scale keeps every line readable
      plot.setRangeAxis(logAxis("operations / s (log scale)", data.getRangeLowerBound(false),
          data.getRangeUpperBound(false)));
      XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
      for (int i = 0; i < data.getSeriesCount(); i++) {
        r.setSeriesStroke(i, new BasicStroke(2f));
        r.setSeriesPaint(i, color(data.getSeriesKey(i).toString()));
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
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Summary s : summaries) {
      if (s.cell().equals(cell)) {
        double[] ms = {s.p50Us() / 1000, s.p99Us() / 1000, s.p999Us() / 1000};
        String[] names = {"p50", "p99", "p99.9"};
        for (int i = 0; i < ms.length; i++) {
          double v = Math.max(0.001, ms[i]);
          data.addValue(v, s.system(), names[i]);
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("Latency: " + cell.id(), "percentile",
        "milliseconds (log scale)", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setRangeAxis(logAxis("milliseconds (log scale)", min, max));
    BarRenderer bars = (BarRenderer) plot.getRenderer();
    // bars grow from the bottom of the log axis, not from 0 (which a log axis cannot show)
    bars.setIncludeBaseInRange(false);
    bars.setBase(plot.getRangeAxis().getLowerBound());
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    for (int i = 0; i < data.getRowCount(); i++) {
      bars.setSeriesPaint(i, color(data.getRowKey(i).toString()));
    }
    style(chart);
    String file = "latency-" + cell.id() + ".png";
    save(chart, dir.resolve(file));
    return file;
  }

  private static LogAxis logAxis(String label, double min, double max) {
    LogAxis axis = new LogAxis(label);
    axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
    axis.setRange(Math.max(1e-3, min / 2), Math.max(min, max) * 2);
    // one tick per power of ten, half-steps too when the range is narrow
    double decades = Math.log10(Math.max(min, max) * 4 / Math.max(1e-3, min / 2));
    axis.setTickUnit(new NumberTickUnit(decades < 2 ? Math.log10(2) : 1), false, true);
    return axis;
  }

  /** The same color for a system in every chart. */
  static Color color(String system) {
    return switch (system) {
      case "winter-1" -> new Color(0x1f, 0x4e, 0xa8);
      case "winter-3" -> new Color(0x6a, 0x3d, 0x9a);
      case "etcd-3" -> new Color(0x2c, 0xa0, 0x2c);
      case "redis-memory" -> new Color(0xd6, 0x27, 0x28);
      case "redis-always" -> new Color(0xff, 0x7f, 0x0e);
      default -> Color.GRAY;
    };
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
