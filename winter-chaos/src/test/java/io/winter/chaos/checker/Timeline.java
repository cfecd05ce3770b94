package io.winter.chaos.checker;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import io.winter.chaos.history.Outcome;
import java.util.ArrayList;
import java.util.List;

/** Builds hand-written histories of table "t" for tests, with times given in milliseconds. */
final class Timeline {
  static final long MS = 1_000_000L;

  private final List<Op> ops = new ArrayList<>();
  private String key = "k";

  /** Key ops added from now on act on key. */
  Timeline on(String key) {
    this.key = key;
    return this;
  }

  Timeline put(int process, String value, long invokeMs, long completeMs) {
    return add(process, OpType.PUTNEW, key, value, 0, invokeMs, completeMs, Outcome.OK, "ok");
  }

  Timeline putExpiring(int process, String value, long ttlMs, long invokeMs, long completeMs) {
    return add(process, OpType.PUTNEW, key, value, ttlMs, invokeMs, completeMs, Outcome.OK, "ok");
  }

  Timeline unknownPut(int process, String value, long invokeMs) {
    return add(process, OpType.PUTNEW, key, value, 0, invokeMs, 0, Outcome.UNKNOWN, "timed out");
  }

  Timeline unknownPutExpiring(int process, String value, long ttlMs, long invokeMs) {
    return add(process, OpType.PUTNEW, key, value, ttlMs, invokeMs, 0, Outcome.UNKNOWN,
        "connection lost");
  }

  Timeline failedPut(int process, String value, long invokeMs, long completeMs) {
    return add(process, OpType.PUTNEW, key, value, 0, invokeMs, completeMs, Outcome.FAIL,
        "error unavailable");
  }

  Timeline get(int process, String reply, long invokeMs, long completeMs) {
    return add(process, OpType.GET, key, null, 0, invokeMs, completeMs, Outcome.OK, reply);
  }

  Timeline delete(int process, long invokeMs, long completeMs) {
    return add(process, OpType.DELETE, key, null, 0, invokeMs, completeMs, Outcome.OK, "ok");
  }

  Timeline unknownDelete(int process, long invokeMs) {
    return add(process, OpType.DELETE, key, null, 0, invokeMs, 0, Outcome.UNKNOWN, "timed out");
  }

  /** A key op with an arbitrary reply, e.g. "missing table". */
  Timeline keyOp(int process, OpType type, String value, String reply, long invokeMs,
      long completeMs) {
    return add(process, type, key, value, 0, invokeMs, completeMs, Outcome.OK, reply);
  }

  Timeline create(int process, String reply, long invokeMs, long completeMs) {
    return add(process, OpType.CREATE, null, null, 0, invokeMs, completeMs, Outcome.OK, reply);
  }

  Timeline drop(int process, String reply, long invokeMs, long completeMs) {
    return add(process, OpType.DROP, null, null, 0, invokeMs, completeMs, Outcome.OK, reply);
  }

  Timeline unknownDrop(int process, long invokeMs) {
    return add(process, OpType.DROP, null, null, 0, invokeMs, 0, Outcome.UNKNOWN, "timed out");
  }

  Timeline add(int process, OpType type, String key, String value, long ttlMs, long invokeMs,
      long completeMs, Outcome outcome, String reply) {
    ops.add(new Op(ops.size(), process, type, "t", key, value, ttlMs, invokeMs * MS,
        completeMs * MS, outcome, reply));
    return this;
  }

  List<Op> ops() {
    return List.copyOf(ops);
  }
}
