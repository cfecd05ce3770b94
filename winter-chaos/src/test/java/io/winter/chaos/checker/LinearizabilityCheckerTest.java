package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

  @Test
  void aSearchOverItsCapIsUndecidedNotPassedOrFailed() {
    List<Op> ops = SimulatedClients.run(SimulatedClients.Settings.oneKey(10, 400, 3));

    ObjectResult capped = new LinearizabilityChecker(20, 10)
        .checkObject("key t k", new KeyRegisterModel(50), ops, 0);
    ObjectResult uncapped = new LinearizabilityChecker()
        .checkObject("key t k", new KeyRegisterModel(50), ops, 0);

    assertThat(capped.verdict()).isEqualTo(Verdict.UNDECIDED);
    assertThat(capped.statesExplored()).isGreaterThan(20);
    assertThat(capped.explanation()).contains("gave up").contains("cap 20");
    assertThat(capped.offendingOps()).isEmpty();
    assertThat(uncapped.verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(CheckResult.of(List.of(uncapped, capped)).verdict()).isEqualTo(Verdict.UNDECIDED);
  }

  @Test
  void aReplyNoStateCanGiveIsReportedOnItsOwn() {
    Timeline t = new Timeline()
        .put(1, "a", 0, 10)
        .keyOp(2, OpType.DELETE, null, "deleted", 20, 30);

    ObjectResult result = new LinearizabilityChecker()
        .checkObject("key t k", new KeyRegisterModel(50), t.ops(), 0);

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.explanation()).contains("'deleted'");
    assertThat(result.offendingOps()).extracting(Op::reply).containsExactly("deleted");
  }

  @Test
  void aVerdictOnAWholeIsItsWorstPart() {
    assertThat(Verdict.LINEARIZABLE.and(Verdict.LINEARIZABLE)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(Verdict.LINEARIZABLE.and(Verdict.UNDECIDED)).isEqualTo(Verdict.UNDECIDED);
    assertThat(Verdict.UNDECIDED.and(Verdict.NOT_LINEARIZABLE))
        .isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void opLinesShowProcessTimesCommandAndReply() {
    Timeline t = new Timeline()
        .putExpiring(3, "a b", 250, 12, 15)
        .unknownDelete(7, 20);

    List<String> lines = OpLines.format(t.ops(), 10 * Timeline.MS);

    assertThat(lines.get(0))
        .isEqualTo("p3   [    +2.000 ..     +5.000 ms]  PUTNEW t k a b EXPIRE 250  -> ok");
    assertThat(lines.get(1))
        .isEqualTo("p7   [   +10.000 ..      never ms]  DELETE t k  -> UNKNOWN (timed out)");
  }
}
