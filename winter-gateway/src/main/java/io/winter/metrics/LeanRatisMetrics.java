package io.winter.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.util.TimeDuration;

/**
 * Ratis' metric registries for a Winter node, loaded by Ratis through
 * {@code META-INF/services}: counters and timers as plain adders, no JMX. Ratis' default
 * implementation updates a latency reservoir (a concurrent skip list) on every timed event,
 * several per Raft entry, and publishes every metric of every group as a JMX bean; Winter
 * reads only a few counters (elections) and exports its own metrics to Prometheus. Measured on
 * 16 tables of one node: the default registry took 7% of the server's CPU.
 */
public final class LeanRatisMetrics extends MetricRegistries {
  private record Counted(RatisMetricRegistry registry, int references) {}

  private final Map<MetricRegistryInfo, Counted> registries = new ConcurrentHashMap<>();

  @Override
  public void clear() {
    registries.clear();
  }

  /** The registry of {@code info}, created on first use; every create is matched by a remove. */
  @Override
  public RatisMetricRegistry create(MetricRegistryInfo info) {
    return registries.compute(info, (key, old) -> old == null
        ? new Counted(new LeanRatisRegistry(key), 1)
        : new Counted(old.registry(), old.references() + 1)).registry();
  }

  @Override
  public boolean remove(MetricRegistryInfo info) {
    Counted left = registries.computeIfPresent(info, (key, old) -> old.references() <= 1
        ? null : new Counted(old.registry(), old.references() - 1));
    return left == null;
  }

  @Override
  public Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
    return Optional.ofNullable(registries.get(info)).map(Counted::registry);
  }

  @Override
  public Set<MetricRegistryInfo> getMetricRegistryInfos() {
    return Set.copyOf(registries.keySet());
  }

  @Override
  public Collection<RatisMetricRegistry> getMetricRegistries() {
    return List.copyOf(registries.values().stream().map(Counted::registry).toList());
  }

  /** Reporters are not supported: Winter exports its metrics itself. */
  @Override
  public void addReporterRegistration(Consumer<RatisMetricRegistry> reporterRegistration,
                                      Consumer<RatisMetricRegistry> stopReporter) {
  }

  @Override
  public void enableJmxReporter() {
  }

  @Override
  public void enableConsoleReporter(TimeDuration consoleReportRate) {
  }
}
