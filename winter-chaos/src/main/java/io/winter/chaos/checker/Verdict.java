package io.winter.chaos.checker;

/** What the checker concluded about a history or one object's part of it. */
public enum Verdict {
  LINEARIZABLE,
  NOT_LINEARIZABLE,
  /** The search hit its cap before finding a linearization or ruling all out. */
  UNDECIDED;

  /** The verdict for a whole made of parts with verdicts this and other. */
  public Verdict and(Verdict other) {
    if (this == NOT_LINEARIZABLE || other == NOT_LINEARIZABLE) {
      return NOT_LINEARIZABLE;
    }
    return this == UNDECIDED || other == UNDECIDED ? UNDECIDED : LINEARIZABLE;
  }
}
