package io.winter.chaos.checker;

import io.winter.chaos.history.Op;

/** Splits a history into independent objects and says which model each object follows. */
public interface Partitioner {

  /** The name of the object op acts on, or null to leave op out of the check. */
  String objectOf(Op op);

  /** The model of an object {@link #objectOf} named. */
  Model<?> modelOf(String object);
}
