package io.winter.chaos.workload;

import io.winter.chaos.history.OpType;
import io.winter.chaos.history.Outcome;
import java.util.Set;

/**
 * How a reply line counts for the history: OK (its effect and reply are what the model checks),
 * FAIL (certainly no effect) or UNKNOWN (a write that may still commit). Replies that no
 * command can give are protocol violations.
 */
final class Replies {
  private static final Set<String> WRITE_OK = Set.of("ok", "missing table");
  private static final Set<String> CREATE_OK = Set.of("created", "already created");
  private static final Set<String> DROP_OK = Set.of("dropped", "missing table");

  private Replies() {}

  static Outcome outcome(OpType type, String reply) {
    boolean error = reply.startsWith("error ");
    if (type == OpType.GET) {
      return error ? Outcome.FAIL : Outcome.OK;
    }
    return error ? Outcome.UNKNOWN : Outcome.OK;
  }

  /** Whether a non-error reply is one the command can give at all. */
  static boolean isPossible(OpType type, String reply) {
    if (reply.startsWith("error ")) {
      return true;
    }
    return switch (type) {
      // every value the workload writes starts with "v"
      case GET -> reply.equals("nil") || reply.equals("missing table") || reply.startsWith("v");
      case PUTNEW, DELETE -> WRITE_OK.contains(reply);
      case CREATE -> CREATE_OK.contains(reply);
      case DROP -> DROP_OK.contains(reply);
    };
  }
}
