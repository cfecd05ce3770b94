package io.winter.chaos;

import io.winter.chaos.nemesis.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One chaos run's settings. Every field has a system property ({@code -Dchaos.<name>}), which is
 * how {@code bin/winter-chaos} passes its flags.
 *
 * @param nodes nodes the cluster starts with (3 or 5)
 * @param duration how long clients run while faults are injected
 * @param seed seeds the nemesis schedule and the workload; printed so a run can be replayed
 * @param clients concurrent client connections, spread over all nodes
 * @param opsPerClientPerSecond how fast each client issues operations
 * @param faults the kinds of fault the nemesis may inject
 * @param out where the history, fault log and summary of the run are written
 * @param keyEpoch how long clients use one set of key and lifecycle-table names before moving
 *     to fresh ones (zero: the same names all run long); each name is an object the checker
 *     searches on its own, so a long run stays decidable
 */
public record ChaosOptions(int nodes, Duration duration, long seed, int clients,
                           int opsPerClientPerSecond, Set<FaultKind> faults, Path out,
                           Duration keyEpoch) {

  /** A short run, as {@code .ci/run} does it: 3 nodes, every kind of fault. */
  public static ChaosOptions shortRun(long seed, Path out) {
    return new ChaosOptions(3, Duration.ofSeconds(Long.getLong("chaos.seconds", 60)), seed,
        Integer.getInteger("chaos.clients", 16), Integer.getInteger("chaos.rate", 15),
        faults(System.getProperty("chaos.faults", "all")), out, Duration.ZERO);
  }

  /** The run the system properties describe ({@code bin/winter-chaos --minutes N ...}). */
  public static ChaosOptions fromSystemProperties(long defaultSeed, Path out) {
    long minutes = Long.getLong("chaos.minutes", 30);
    return new ChaosOptions(Integer.getInteger("chaos.nodes", 5), Duration.ofMinutes(minutes),
        Long.getLong("chaos.seed", defaultSeed), Integer.getInteger("chaos.clients", 24),
        Integer.getInteger("chaos.rate", 12), faults(System.getProperty("chaos.faults", "all")),
        out, Duration.ofSeconds(Long.getLong("chaos.keyEpochSeconds", 180)));
  }

  /** Parses {@code all} or a comma-separated list of fault names (kill,pause,...). */
  public static Set<FaultKind> faults(String spec) {
    if (spec.isBlank() || spec.equalsIgnoreCase("all")) {
      return EnumSet.allOf(FaultKind.class);
    }
    Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
    for (String name : spec.split(",")) {
      kinds.add(FaultKind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
    }
    return kinds;
  }
}
