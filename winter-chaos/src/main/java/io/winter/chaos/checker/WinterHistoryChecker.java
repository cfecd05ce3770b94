package io.winter.chaos.checker;

import io.winter.chaos.history.History;
import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Checks a Winter chaos history: each key of a table that exists throughout is one object
 * ({@link KeyRegisterModel}); each table that is created and dropped during the run is one
 * object with all its keys ({@link TableLifecycleModel}).
 *
 * <p>CREATEs of a table that exists throughout are taken as set-up and left out; DROPping one is
 * a mistake in the caller's choice of lifecycle tables.
 */
public final class WinterHistoryChecker {
  public static final long DEFAULT_EXPIRY_SLACK_MS = 50;

  private WinterHistoryChecker() {}

  public static CheckResult check(List<Op> ops, Set<String> lifecycleTables, long expirySlackMs) {
    return check(ops, lifecycleTables, expirySlackMs, new LinearizabilityChecker());
  }

  public static CheckResult check(List<Op> ops, Set<String> lifecycleTables, long expirySlackMs,
      LinearizabilityChecker checker) {
    return checker.check(ops, partitioner(lifecycleTables, expirySlackMs));
  }

  /** Checks a history saved with {@link History#writeJsonLines}. */
  public static CheckResult checkFile(Path file, Set<String> lifecycleTables, long expirySlackMs,
      LinearizabilityChecker checker) throws IOException {
    return check(History.readJsonLines(file), lifecycleTables, expirySlackMs, checker);
  }

  /** The partition by (table, key) for stable tables and by table for lifecycle tables. */
  public static Partitioner partitioner(Set<String> lifecycleTables, long expirySlackMs) {
    Set<String> lifecycle = Set.copyOf(lifecycleTables);
    return new Partitioner() {
      @Override
      public String objectOf(Op op) {
        if (op.table() == null) {
          return null;
        }
        if (lifecycle.contains(op.table())) {
          return "table " + op.table();
        }
        if (op.type() == OpType.DROP) {
          throw new IllegalArgumentException("table " + op.table()
              + " is dropped in the history but is not one of the lifecycle tables " + lifecycle);
        }
        return op.type().isKeyOp() ? "key " + op.table() + " " + op.key() : null;
      }

      @Override
      public Model<?> modelOf(String object) {
        return object.startsWith("table ")
            ? new TableLifecycleModel(expirySlackMs)
            : new KeyRegisterModel(expirySlackMs);
      }
    };
  }

  /**
   * Replays a saved history offline. Arguments: {@code FILE [--lifecycle T1,T2]
   * [--slack-ms MS] [--max-states N]}. Exit status 0 linearizable, 1 not, 2 undecided, 64 usage.
   */
  public static void main(String[] args) throws IOException {
    System.exit(replay(args, System.out, System.err));
  }

  /** {@link #main} without the exit: prints the report to out and returns the exit status. */
  public static int replay(String[] args, PrintStream out, PrintStream err) throws IOException {
    String usage = "usage: FILE [--lifecycle T1,T2] [--slack-ms MS] [--max-states N]";
    if (args.length == 0 || args.length % 2 == 0) {
      err.println(usage);
      return 64;
    }
    Set<String> lifecycle = Set.of();
    long slackMs = DEFAULT_EXPIRY_SLACK_MS;
    long maxStates = LinearizabilityChecker.DEFAULT_MAX_STATES;
    try {
      for (int i = 1; i < args.length; i += 2) {
        switch (args[i]) {
          case "--lifecycle" -> lifecycle = Set.copyOf(Arrays.asList(args[i + 1].split(",")));
          case "--slack-ms" -> slackMs = Long.parseLong(args[i + 1]);
          case "--max-states" -> maxStates = Long.parseLong(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\n" + usage);
      return 64;
    }
    LinearizabilityChecker checker =
        new LinearizabilityChecker(maxStates, LinearizabilityChecker.DEFAULT_SHRINK_CHECKS);
    CheckResult result = checkFile(Path.of(args[0]), lifecycle, slackMs, checker);
    out.println(result.report());
    return switch (result.verdict()) {
      case LINEARIZABLE -> 0;
      case NOT_LINEARIZABLE -> 1;
      case UNDECIDED -> 2;
    };
  }
}
