package io.winter.bench.run;

import io.winter.bench.driver.Outcome;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Latencies and outcome counts of a run, recorded from many threads, read per window. */
final class LoadStats {

  private final Recorder latencies = new Recorder(3);
  private final LongAdder errors = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  /** One finished operation; latency is recorded for everything that did not fail. */
  void record(Outcome outcome, long nanos, String detail) {
    switch (outcome) {
      case OK -> latencies.recordValue(Math.max(1, nanos / 1000));
      case MISS -> {
        misses.increment();
        latencies.recordValue(Math.max(1, nanos / 1000));
      }
      case ERROR -> {
        errors.increment();
        firstError.compareAndSet(null, detail == null ? "error" : detail);
      }
    }
  }

  /** Starts a new window: everything recorded so far is discarded. */
  void reset() {
    latencies.getIntervalHistogram();
    errors.reset();
    misses.reset();
    firstError.set(null);
  }

  /** The window since the last reset or snapshot; starts a new one. */
  Window snapshot() {
    return new Window(latencies.getIntervalHistogram(), errors.sumThenReset(), misses.sumThenReset(),
        firstError.getAndSet(null));
  }

  /** What one window recorded; latencies in microseconds. */
  record Window(Histogram latencies, long errors, long misses, String firstError) {}
}
