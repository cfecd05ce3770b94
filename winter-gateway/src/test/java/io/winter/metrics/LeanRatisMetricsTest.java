package io.winter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.junit.jupiter.api.Test;

class LeanRatisMetricsTest {
  private static final MetricRegistryInfo INFO =
      new MetricRegistryInfo("group-1", "ratis", "leader_election", "test");

  @Test
  void ratisLoadsThisRegistryAndCountersKeepTheirCounts() {
    assertThat(MetricRegistries.global()).isInstanceOf(LeanRatisMetrics.class);
    LeanRatisMetrics metrics = new LeanRatisMetrics();
    RatisMetricRegistry registry = metrics.create(INFO);
    LongCounter elections = registry.counter("electionCount");
    elections.inc();
    elections.inc(2);
    elections.dec();
    assertThat(metrics.get(INFO).orElseThrow().counter("electionCount").getCount()).isEqualTo(2);
  }

  @Test
  void aRegistryStaysUntilEveryCreateWasMatchedByARemove() {
    LeanRatisMetrics metrics = new LeanRatisMetrics();
    RatisMetricRegistry first = metrics.create(INFO);
    assertThat(metrics.create(INFO)).isSameAs(first);
    assertThat(metrics.remove(INFO)).isFalse();
    assertThat(metrics.get(INFO)).containsSame(first);
    assertThat(metrics.remove(INFO)).isTrue();
    assertThat(metrics.get(INFO)).isEmpty();
    assertThat(metrics.getMetricRegistryInfos()).isEmpty();
  }

  @Test
  void aTimerCountsEventsAndTheirTime() throws Exception {
    RatisMetricRegistry registry = new LeanRatisMetrics().create(INFO);
    Timekeeper timer = registry.timer("appendEntry");
    assertThat(registry.timer("appendEntry")).isSameAs(timer);
    Timekeeper.Context context = timer.time();
    Thread.sleep(2);
    long elapsed = context.stop();
    timer.time().stop();
    LeanRatisRegistry.Timer kept = (LeanRatisRegistry.Timer) timer;
    assertThat(kept.events()).isEqualTo(2);
    assertThat(elapsed).isGreaterThanOrEqualTo(2_000_000L);
    assertThat(kept.totalNanos()).isGreaterThanOrEqualTo(elapsed);
  }

  @Test
  void gaugesAndRemovedMetricsDoNotClash() {
    RatisMetricRegistry registry = new LeanRatisMetrics().create(INFO);
    registry.gauge("lastIndex", () -> () -> 7L);
    assertThat(registry.remove("lastIndex")).isTrue();
    assertThat(registry.remove("lastIndex")).isFalse();
    assertThat(registry.counter("lastIndex").getCount()).isZero();
    assertThat(registry.getMetricRegistryInfo()).isEqualTo(INFO);
  }
}
