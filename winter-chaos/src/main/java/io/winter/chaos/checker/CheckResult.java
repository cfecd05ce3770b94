package io.winter.chaos.checker;

import java.util.List;

/**
 * The verdict on a whole history: not linearizable if any object is not, else undecided if any
 * object is undecided, else linearizable.
 *
 * @param counts every op assigned to some object, by outcome
 * @param objects one result per object, in the order they were checked
 */
public record CheckResult(Verdict verdict, OpCounts counts, List<ObjectResult> objects) {

  public CheckResult {
    objects = List.copyOf(objects);
  }

  static CheckResult of(List<ObjectResult> objects) {
    Verdict verdict = Verdict.LINEARIZABLE;
    OpCounts counts = OpCounts.NONE;
    for (ObjectResult object : objects) {
      verdict = verdict.and(object.verdict());
      counts = counts.plus(object.counts());
    }
    return new CheckResult(verdict, counts, objects);
  }

  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  public List<ObjectResult> failures() {
    return objects.stream().filter(o -> o.verdict() == Verdict.NOT_LINEARIZABLE).toList();
  }

  public List<ObjectResult> undecided() {
    return objects.stream().filter(o -> o.verdict() == Verdict.UNDECIDED).toList();
  }

  /** The verdict, the counts, and every object that is not linearizable or undecided. */
  public String report() {
    StringBuilder text = new StringBuilder()
        .append(verdict).append(": ").append(objects.size()).append(" objects, ").append(counts);
    for (ObjectResult object : failures()) {
      text.append('\n').append(object.describe());
    }
    for (ObjectResult object : undecided()) {
      text.append('\n').append(object.describe());
    }
    return text.toString();
  }
}
