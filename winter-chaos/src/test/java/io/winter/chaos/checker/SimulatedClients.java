package io.winter.chaos.checker;

import io.winter.chaos.history.History;
import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import io.winter.chaos.history.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Simulates concurrent client processes against a {@link ReferenceStore}: every op takes effect
 * at one instant inside its interval, so the recorded history is linearizable by construction.
 */
final class SimulatedClients {

  /**
   * @param keys the keys of table "t" the clients use
   * @param lifecycle whether clients also CREATE and DROP "t" (else it exists throughout); if
   *     so, tablePercent of the ops do (two CREATEs for one DROP)
   * @param unknownPercent ops that end UNKNOWN; half of them took effect
   * @param expiryPercent PUTNEWs with an EXPIRE of 1 to maxTtlMs
   */
  record Settings(int processes, int ops, List<String> keys, boolean lifecycle,
      int tablePercent, int unknownPercent, int failPercent, int expiryPercent, long maxTtlMs,
      long maxLatencyMicros, long seed) {

    static Settings oneKey(int processes, int ops, long seed) {
      return new Settings(processes, ops, List.of("k"), false, 0, 10, 3, 0, 20, 3_000, seed);
    }
  }

  private record Planned(int index, int process, OpType type, String key, String value,
      long expireMs, long invoke, long complete, long effectAt, Outcome outcome, boolean applied) {}

  private SimulatedClients() {}

  static List<Op> run(Settings settings) {
    Random random = new Random(settings.seed());
    long[] freeAt = new long[settings.processes()];
    List<Planned> planned = new ArrayList<>();
    for (int i = 0; i < settings.ops(); i++) {
      int process = nextFree(freeAt, random);
      long invoke = freeAt[process] + random.nextInt(200_000);
      long duration = 2 + (long) (random.nextDouble() * settings.maxLatencyMicros() * 1_000);
      long complete = invoke + duration;
      long effectAt = invoke + 1 + (long) (random.nextDouble() * (duration - 2));
      OpType type = pickType(settings.lifecycle() ? settings.tablePercent() : 0, random);
      String key = type.isKeyOp() ? settings.keys().get(random.nextInt(settings.keys().size()))
          : null;
      String value = type == OpType.PUTNEW ? "v" + i : null;
      long expireMs = type == OpType.PUTNEW && random.nextInt(100) < settings.expiryPercent()
          ? 1 + random.nextInt((int) settings.maxTtlMs()) : 0;
      int roll = random.nextInt(100);
      Outcome outcome = roll < settings.unknownPercent() ? Outcome.UNKNOWN
          : roll < settings.unknownPercent() + settings.failPercent() ? Outcome.FAIL : Outcome.OK;
      boolean applied =
          outcome == Outcome.OK || (outcome == Outcome.UNKNOWN && random.nextBoolean());
      planned.add(new Planned(i, process, type, key, value, expireMs, invoke, complete, effectAt,
          outcome, applied));
      freeAt[process] = complete;
    }
    return replies(planned, settings.lifecycle());
  }

  private static List<Op> replies(List<Planned> planned, boolean lifecycle) {
    ReferenceStore store = lifecycle ? new ReferenceStore() : new ReferenceStore("t");
    List<Planned> byEffect = new ArrayList<>(planned);
    byEffect.sort(Comparator.comparingLong(Planned::effectAt));
    String[] replies = new String[planned.size()];
    for (Planned op : byEffect) {
      if (op.applied()) {
        replies[op.index()] = store.apply(op.type(), "t", op.key(), op.value(), op.expireMs(),
            op.effectAt());
      }
    }
    List<Op> ops = new ArrayList<>(planned.size());
    for (Planned p : planned) {
      String reply = switch (p.outcome()) {
        case OK -> replies[p.index()];
        case UNKNOWN -> "timed out";
        case FAIL -> "error unavailable";
      };
      ops.add(new Op(p.index(), p.process(), p.type(), "t", p.key(), p.value(), p.expireMs(),
          p.invoke(), p.complete(), p.outcome(), reply));
    }
    ops.sort(History.BY_INVOKE);
    return ops;
  }

  private static int nextFree(long[] freeAt, Random random) {
    int best = random.nextInt(freeAt.length);
    for (int p = 0; p < freeAt.length; p++) {
      if (freeAt[p] < freeAt[best]) {
        best = p;
      }
    }
    return best;
  }

  private static OpType pickType(int tablePercent, Random random) {
    int roll = random.nextInt(300);
    if (roll < 2 * tablePercent) {
      return OpType.CREATE;
    }
    if (roll < 3 * tablePercent) {
      return OpType.DROP;
    }
    roll = random.nextInt(100);
    return roll < 40 ? OpType.PUTNEW : roll < 80 ? OpType.GET : OpType.DELETE;
  }
}
