package io.winter.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.winter.cluster.RaftNode;
import io.winter.config.Settings;
import io.winter.config.WinterConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * A node's metrics and health: one Prometheus registry holding the gateway, Raft, table, JVM
 * and process meters, served with {@code /livez} and {@code /readyz} on the metrics port.
 */
public final class NodeMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final GatewayMetrics gateway;
  private final RaftMetrics raftMetrics;
  private final Readiness readiness;
  private final MetricsHttpServer http;

  private NodeMetrics(WinterConfig config, String host, String nodeId, Supplier<RaftNode> raft,
                      Supplier<String> waiting) throws IOException {
    // Two of Micrometer's names break Prometheus' naming rules (promtool check metrics):
    // CPU time in ns becomes seconds below, and a gauge may not end in _count.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
          }
        });
    this.gateway = new GatewayMetrics(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .baseUnit("seconds").description("CPU time used by this process")
          .register(registry);
    }
    Gauge.builder("winter.node.info", () -> 1).description("This node's id, as a label")
        .tag("node", nodeId).register(registry);
    this.raftMetrics = new RaftMetrics(registry, raft, config.get(Settings.METRICS_TABLES));
    this.readiness = new Readiness(new RaftView(raft, waiting));
    this.http = MetricsHttpServer.start(host, config.get(Settings.METRICS_PORT), this::scrape,
        readiness, new ReplicaReport(raft)::render);
  }

  /**
   * Starts serving metrics and health on {@code host} and WINTER_METRICS_PORT.
   *
   * @param waiting what the node waits for while it has not joined, for {@code /readyz}
   */
  public static NodeMetrics start(WinterConfig config, String host, String nodeId,
                                  Supplier<RaftNode> raft, Supplier<String> waiting)
      throws IOException {
    return new NodeMetrics(config, host, nodeId, raft, waiting);
  }

  public GatewayMetrics gateway() {
    return gateway;
  }

  /** Where /metrics is served (useful when WINTER_METRICS_PORT is 0). */
  public InetSocketAddress address() {
    return http.address();
  }

  /** The exposition text, as {@code /metrics} returns it. */
  public String scrape() {
    raftMetrics.refresh();
    return registry.scrape();
  }

  /** Reports not ready from now on: called first when the node begins to stop. */
  public void stopping() {
    readiness.stopping();
  }

  @Override
  public void close() {
    http.close();
    gc.close();
    registry.close();
  }
}
