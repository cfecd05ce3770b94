package io.winter.chaos;

import io.winter.chaos.checker.CheckResult;
import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import io.winter.chaos.history.Outcome;
import io.winter.chaos.nemesis.FaultLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The verdict of one chaos run and the numbers behind it, as printed and saved. */
public record RunSummary(ChaosOptions options, List<Op> ops, FaultLog faults, CheckResult check,
                         Convergence.Result replicas, String unsettled, long protocolViolations,
                         List<String> protocolViolationSamples, List<String> finalMembers,
                         Duration took) {

  /** Linearizable history, identical replicas and no impossible reply. */
  public boolean passed() {
    return check.isLinearizable() && unsettled == null
        && replicas.problems().isEmpty() && protocolViolations == 0;
  }

  /** Operations by type and outcome. */
  public Map<OpType, Map<Outcome, Integer>> counts() {
    Map<OpType, Map<Outcome, Integer>> counts = new EnumMap<>(OpType.class);
    for (Op op : ops) {
      counts.computeIfAbsent(op.type(), t -> new EnumMap<>(Outcome.class))
          .merge(op.outcome(), 1, Integer::sum);
    }
    return counts;
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("== chaos run: ").append(passed() ? "PASSED" : "FAILED").append(" ==\n");
    sb.append("seed ").append(options.seed()).append(", ").append(options.nodes())
        .append(" nodes, ").append(options.clients()).append(" clients, faults for ")
        .append(options.duration()).append(", whole run ").append(took.toSeconds()).append(" s\n");
    sb.append("faults injected: ").append(faults.injectedCounts()).append('\n');
    sb.append("operations: ").append(ops.size()).append(' ').append(counts()).append('\n');
    sb.append("linearizability: ").append(check.report()).append('\n');
    sb.append("replicas: ").append(replicas.tablesCompared()).append(" groups, ")
        .append(replicas.replicasCompared()).append(" replicas compared")
        .append(replicas.problems().isEmpty() ? ", all identical" : ", PROBLEMS: "
            + String.join("; ", replicas.problems())).append('\n');
    sb.append("settled after healing: ").append(unsettled == null ? "yes" : "NO: " + unsettled)
        .append('\n');
    sb.append("impossible replies: ").append(protocolViolations)
        .append(protocolViolationSamples.isEmpty() ? "" : " e.g. " + protocolViolationSamples)
        .append('\n');
    sb.append("members at the end: ").append(finalMembers).append('\n');
    sb.append("fault log:\n");
    faults.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
    return sb.toString();
  }

  void write(Path file) throws IOException {
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }
}
