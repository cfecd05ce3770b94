package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.List;

/**
 * The verdict on one independently checked object.
 *
 * @param object the partitioner's name for the object
 * @param counts the object's ops by outcome
 * @param statesExplored distinct states the search of the object's whole history visited
 * @param explanation why it is not linearizable or undecided; empty when it is linearizable
 * @param offendingOps when not linearizable: a small sub-history that is still not linearizable
 * @param offendingLines offendingOps rendered by {@link OpLines}
 */
public record ObjectResult(
    String object,
    Verdict verdict,
    OpCounts counts,
    long statesExplored,
    String explanation,
    List<Op> offendingOps,
    List<String> offendingLines) {

  public ObjectResult {
    offendingOps = List.copyOf(offendingOps);
    offendingLines = List.copyOf(offendingLines);
  }

  static ObjectResult linearizable(String object, OpCounts counts, long statesExplored) {
    return new ObjectResult(object, Verdict.LINEARIZABLE, counts, statesExplored, "", List.of(),
        List.of());
  }

  static ObjectResult undecided(String object, OpCounts counts, long statesExplored, String why) {
    return new ObjectResult(object, Verdict.UNDECIDED, counts, statesExplored, why, List.of(),
        List.of());
  }

  static ObjectResult notLinearizable(String object, OpCounts counts, long statesExplored,
      String why, List<Op> offending, long originNanos) {
    return new ObjectResult(object, Verdict.NOT_LINEARIZABLE, counts, statesExplored, why,
        offending, OpLines.format(offending, originNanos));
  }

  /** A multi-line description of this result for a person. */
  public String describe() {
    StringBuilder text = new StringBuilder()
        .append(object).append(": ").append(verdict).append(", ").append(counts)
        .append(", ").append(statesExplored).append(" states explored");
    if (!explanation.isEmpty()) {
      text.append("\n  ").append(explanation);
    }
    for (String line : offendingLines) {
      text.append("\n    ").append(line);
    }
    return text.toString();
  }
}
