package io.winter.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.chaos.nemesis.FaultKind;
import io.winter.e2e.cluster.NetNamespaces;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite against real {@code bin/winter} processes. By default two short runs (a
 * fixed seed and a random one, about a minute of faults each) as part of the build;
 * {@code -Dchaos.minutes=N} (what {@code bin/winter-chaos} sets) runs one long run instead.
 */
class ChaosIT {
  static final long FIXED_SEED = 20261125L;

  @Test
  void shortRunWithTheFixedSeed() throws Exception {
    Assumptions.assumeTrue(System.getProperty("chaos.minutes") == null,
        "a long run was asked for (-Dchaos.minutes): the short runs are left out");
    shortRun(Long.getLong("chaos.seed", FIXED_SEED));
  }

  @Test
  void shortRunWithARandomSeed() throws Exception {
    Assumptions.assumeTrue(System.getProperty("chaos.minutes") == null,
        "a long run was asked for (-Dchaos.minutes): the short runs are left out");
    Assumptions.assumeTrue(System.getProperty("chaos.seed") == null,
        "-Dchaos.seed replays one seed: the random run is left out");
    shortRun(new SecureRandom().nextLong());
  }

  @Test
  void longRun() throws Exception {
    Assumptions.assumeTrue(System.getProperty("chaos.minutes") != null,
        "the long run needs -Dchaos.minutes=N (bin/winter-chaos --minutes N)");
    long seed = new SecureRandom().nextLong();
    ChaosOptions o = ChaosOptions.fromSystemProperties(seed, outDir(Long.getLong("chaos.seed",
        seed)));
    RunSummary summary = ChaosRun.run(o);
    assertThat(summary.passed()).as(summary.render()).isTrue();
  }

  private static void shortRun(long seed) throws Exception {
    RunSummary summary = ChaosRun.run(ChaosOptions.shortRun(seed, outDir(seed)));
    assertThat(summary.passed()).as(summary.render()).isTrue();
    assertThat(summary.faults().injectedCounts()).as("faults injected")
        .containsKeys(FaultKind.KILL, FaultKind.PAUSE);
    if (NetNamespaces.whyUnsupported() == null) {
      assertThat(summary.faults().injectedCounts()).containsKey(FaultKind.PARTITION);
    }
    assertThat(summary.ops()).as("operations checked").hasSizeGreaterThan(500);
  }

  private static Path outDir(long seed) {
    String base = System.getProperty("chaos.out", "target/chaos");
    return Path.of(base).toAbsolutePath().resolve("seed-" + seed);
  }
}
