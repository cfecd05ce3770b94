package io.winter.bench.run;

import io.winter.bench.workload.Cell;

/**
 * The measurements of one run: one system driven with one cell for one measured window.
 *
 * @param round the repeat round (0-based)
 * @param system the system's id (e.g. {@code winter-3})
 * @param cell what the system was driven with
 * @param seconds length of the measured window
 * @param ops operations completed (found or written) in the window
 * @param errors operations that failed in the window
 * @param misses reads that found no value in the window (a read of an existing key must find it)
 * @param p50Us median latency in microseconds
 * @param p99Us 99th percentile latency in microseconds
 * @param p999Us 99.9th percentile latency in microseconds
 * @param maxUs highest latency in microseconds
 * @param serverCpuS user+system CPU seconds of all server processes in the window
 * @param peakRssBytes sum over server processes of their peak RSS during the run
 * @param clientCpuS CPU seconds of the harness itself in the window
 * @param firstError the first error seen, or empty
 */
public record RunResult(int round, String system, Cell cell, double seconds, long ops, long errors,
                        long misses, long p50Us, long p99Us, long p999Us, long maxUs,
                        double serverCpuS, long peakRssBytes, double clientCpuS, String firstError) {

  /** Operations per second. */
  public double throughput() {
    return seconds > 0 ? ops / seconds : 0;
  }
}
