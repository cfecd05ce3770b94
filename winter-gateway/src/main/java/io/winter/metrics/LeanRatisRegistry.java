package io.winter.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;

/**
 * One Ratis component's metrics, kept as plain adders: a timer counts its events and their
 * total time, without the latency reservoir Ratis' default registry updates on every event.
 */
final class LeanRatisRegistry implements RatisMetricRegistry {
  private final MetricRegistryInfo info;
  private final Map<String, Object> metrics = new ConcurrentHashMap<>();

  LeanRatisRegistry(MetricRegistryInfo info) {
    this.info = info;
  }

  @Override
  public Timekeeper timer(String name) {
    return (Timer) metrics.computeIfAbsent(name, n -> new Timer());
  }

  @Override
  public LongCounter counter(String name) {
    return (Counter) metrics.computeIfAbsent(name, n -> new Counter());
  }

  @Override
  public boolean remove(String name) {
    return metrics.remove(name) != null;
  }

  @Override
  public <T> void gauge(String name, Supplier<Supplier<T>> gaugeSupplier) {
    metrics.computeIfAbsent(name, n -> gaugeSupplier.get());
  }

  @Override
  public MetricRegistryInfo getMetricRegistryInfo() {
    return info;
  }

  /** A counter Ratis increments; read back through {@link #getCount()}. */
  static final class Counter implements LongCounter {
    private final LongAdder count = new LongAdder();

    @Override
    public void inc(long n) {
      count.add(n);
    }

    @Override
    public void dec(long n) {
      count.add(-n);
    }

    @Override
    public long getCount() {
      return count.sum();
    }
  }

  /** Events and their total time in nanoseconds. */
  static final class Timer implements Timekeeper {
    private final LongAdder events = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    @Override
    public Context time() {
      long start = System.nanoTime();
      return () -> {
        long elapsed = System.nanoTime() - start;
        events.increment();
        nanos.add(elapsed);
        return elapsed;
      };
    }

    long events() {
      return events.sum();
    }

    long totalNanos() {
      return nanos.sum();
    }
  }
}
