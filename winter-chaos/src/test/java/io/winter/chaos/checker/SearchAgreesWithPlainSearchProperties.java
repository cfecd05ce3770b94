package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The search's shortcuts change how fast it decides, never what: on small histories, recorded
 * ones and ones with replies scrambled, it agrees with {@link PlainSearch}.
 */
class SearchAgreesWithPlainSearchProperties {

  @Property(tries = 1000)
  void sameVerdictAsThePlainSearch(
      @ForAll @IntRange(min = 1, max = 8) int processes,
      @ForAll @IntRange(min = 1, max = 24) int ops,
      @ForAll @IntRange(min = 1, max = 2) int keys,
      @ForAll boolean lifecycle,
      @ForAll @IntRange(min = 0, max = 40) int unknownPercent,
      @ForAll @IntRange(min = 0, max = 60) int expiryPercent,
      @ForAll @IntRange(min = 0, max = 3) int scrambled,
      @ForAll @LongRange(min = 0, max = 2) long slackMs,
      @ForAll long seed) {
    // a register is one key; only a table has several
    List<String> names = keys == 1 || !lifecycle ? List.of("a") : List.of("a", "b");
    List<Op> history = SimulatedClients.run(new SimulatedClients.Settings(processes, ops, names,
        lifecycle, 20, unknownPercent, 5, expiryPercent, 4, 1_500, seed));
    history = scramble(history, scrambled, new Random(seed));
    Model<?> model = lifecycle ? new TableLifecycleModel(slackMs) : new KeyRegisterModel(slackMs);

    boolean plain = plainVerdict(model, history);
    SearchOutcome search = new LinearizationSearch<>(model, history, 10_000_000).run();

    assertThat(search.verdict())
        .as("%s", history)
        .isEqualTo(plain ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
  }

  private static <S> boolean plainVerdict(Model<S> model, List<Op> history) {
    for (Op op : history) {
      if (op.isOk() && model.impossibleReply(op) != null) {
        return false;
      }
    }
    return PlainSearch.linearizable(model, history);
  }

  /** History with the replies of some OK ops replaced by other replies it could plausibly give. */
  private static List<Op> scramble(List<Op> history, int count, Random random) {
    List<Op> changed = new ArrayList<>(history);
    List<String> values = new ArrayList<>(List.of("nil", "missing table"));
    for (Op op : history) {
      if (op.value() != null) {
        values.add(op.value());
      }
    }
    for (int n = 0; n < count && !history.isEmpty(); n++) {
      int i = random.nextInt(changed.size());
      Op op = changed.get(i);
      if (!op.isOk()) {
        continue;
      }
      String reply = switch (op.type()) {
        case GET -> values.get(random.nextInt(values.size()));
        case CREATE -> random.nextBoolean() ? "created" : "already created";
        case DROP -> random.nextBoolean() ? "dropped" : "missing table";
        default -> random.nextBoolean() ? "ok" : "missing table";
      };
      changed.set(i, new Op(op.id(), op.process(), op.type(), op.table(), op.key(), op.value(),
          op.expireMs(), op.invokeNanos(), op.completeNanos(), op.outcome(), reply));
    }
    return changed;
  }
}
