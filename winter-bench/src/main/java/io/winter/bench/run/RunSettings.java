package io.winter.bench.run;

import java.time.Duration;

/**
 * How long and how heavily each run goes.
 *
 * @param warmup load before the measured window, not recorded
 * @param duration the measured window
 * @param prefillKeys keys written before a read or mix run, spread over its tables
 * @param ioThreads I/O threads of each client library
 */
public record RunSettings(Duration warmup, Duration duration, long prefillKeys, int ioThreads) {}
