package io.winter.chaos.checker;

import io.winter.chaos.history.Op;

/**
 * What one linearization search found.
 *
 * @param statesExplored distinct (linearized set, state) pairs visited
 * @param okLinearized the most OK ops any partial linearization placed
 * @param okTotal the OK ops that had to be placed
 * @param blockedOp when not linearizable: the OK op the furthest partial linearization had to
 *     place next and could not; null otherwise
 * @param blockedState the object's state at that point, as text; null if there is none
 */
record SearchOutcome(
    Verdict verdict,
    long statesExplored,
    int okLinearized,
    int okTotal,
    Op blockedOp,
    String blockedState) {}
