package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import java.util.Collection;

/** How many of the checked ops ended OK, UNKNOWN and FAIL. */
public record OpCounts(int ok, int unknown, int fail) {
  public static final OpCounts NONE = new OpCounts(0, 0, 0);

  public static OpCounts of(Collection<Op> ops) {
    int ok = 0;
    int unknown = 0;
    int fail = 0;
    for (Op op : ops) {
      switch (op.outcome()) {
        case OK -> ok++;
        case UNKNOWN -> unknown++;
        case FAIL -> fail++;
      }
    }
    return new OpCounts(ok, unknown, fail);
  }

  public int total() {
    return ok + unknown + fail;
  }

  public OpCounts plus(OpCounts other) {
    return new OpCounts(ok + other.ok, unknown + other.unknown, fail + other.fail);
  }

  @Override
  public String toString() {
    return total() + " ops (" + ok + " ok, " + unknown + " unknown, " + fail + " failed)";
  }
}
