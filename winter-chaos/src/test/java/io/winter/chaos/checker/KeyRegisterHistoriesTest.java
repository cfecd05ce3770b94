package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.chaos.history.Op;
import io.winter.chaos.history.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written histories of one key of a table that always exists. */
class KeyRegisterHistoriesTest {

  private static ObjectResult check(Timeline timeline) {
    List<Op> ops = timeline.ops();
    return new LinearizabilityChecker().checkObject("key t k", new KeyRegisterModel(50), ops, 0);
  }

  private static Verdict verdict(Timeline timeline) {
    return check(timeline).verdict();
  }

  @Test
  void aSequentialRunIsLinearizable() {
    Timeline t = new Timeline()
        .get(1, "nil", 0, 10)
        .put(1, "a", 20, 30)
        .get(2, "a", 40, 50)
        .put(2, "b", 60, 70)
        .get(1, "a", 80, 90)
        .delete(2, 100, 110)
        .get(1, "nil", 120, 130)
        .put(1, "b", 140, 150)
        .get(2, "b", 160, 170);

    assertThat(verdict(t)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void aStaleReadAfterAnAcknowledgedWriteIsCaught() {
    Timeline t = new Timeline()
        .put(1, "a", 0, 10)
        .get(2, "nil", 20, 30);

    ObjectResult result = check(t);

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.offendingOps()).hasSize(2);
    assertThat(result.explanation()).contains("GET t k").contains("'a'");
  }

  @Test
  void aReadOfTheValueBeforeADeleteAfterTheDeleteIsStale() {
    Timeline t = new Timeline()
        .put(1, "a", 0, 10)
        .delete(2, 20, 30)
        .put(1, "b", 40, 50)
        .get(3, "a", 60, 70);

    assertThat(verdict(t)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aLostAcknowledgedWriteIsCaught() {
    Timeline lost = new Timeline()
        .put(1, "a", 0, 10)
        .get(2, "a", 20, 30)
        .get(3, "nil", 40, 50);
    Timeline deletedMeanwhile = new Timeline()
        .put(1, "a", 0, 10)
        .get(2, "a", 20, 30)
        .delete(4, 25, 60)
        .get(3, "nil", 40, 50);

    assertThat(verdict(lost)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict(deletedMeanwhile)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void aPutIfAbsentMustNotOverwriteALiveValue() {
    Timeline overwritten = new Timeline()
        .put(1, "a", 0, 10)
        .put(2, "b", 20, 30)
        .get(3, "b", 40, 50);
    Timeline deletedFirst = new Timeline()
        .put(1, "a", 0, 10)
        .delete(3, 12, 18)
        .put(2, "b", 20, 30)
        .get(3, "b", 40, 50);

    assertThat(verdict(overwritten)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict(deletedFirst)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void concurrentOpsAreAcceptedInTheOnlyOrderThatExplainsThem() {
    // the put must fall after the nil read and before the read of a, the delete after that
    Timeline t = new Timeline()
        .put(1, "a", 0, 100)
        .get(2, "nil", 10, 20)
        .get(3, "a", 30, 40)
        .delete(4, 35, 60)
        .get(2, "nil", 70, 80);

    assertThat(verdict(t)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void concurrentPutsHaveOneWinnerForEveryReader() {
    Timeline oneWinner = new Timeline()
        .put(1, "a", 0, 100)
        .put(2, "b", 0, 100)
        .get(3, "b", 50, 60)
        .get(4, "b", 150, 160);
    Timeline twoWinners = new Timeline()
        .put(1, "a", 0, 100)
        .put(2, "b", 0, 100)
        .get(3, "b", 50, 60)
        .get(4, "a", 150, 160);

    assertThat(verdict(oneWinner)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(twoWinners)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void anUnknownPutMayTakeEffectLongAfterItWasSent() {
    Timeline t = new Timeline()
        .unknownPut(1, "a", 0)
        .get(2, "nil", 10, 20)
        .get(3, "nil", 1_000, 1_010)
        .get(2, "a", 5_000, 5_010);

    assertThat(verdict(t)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void anUnknownPutExplainsAReadNothingElseCould() {
    Timeline withoutIt = new Timeline()
        .get(2, "a", 10, 20);
    Timeline withIt = new Timeline()
        .unknownPut(1, "a", 0)
        .get(2, "a", 10, 20);
    Timeline sentTooLate = new Timeline()
        .get(2, "a", 10, 20)
        .unknownPut(1, "a", 30);

    assertThat(verdict(withoutIt)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict(withIt)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(sentTooLate)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void anUnknownPutTakesEffectAtMostOnce() {
    Timeline t = new Timeline()
        .unknownPut(1, "a", 0)
        .get(2, "a", 10, 20)
        .delete(3, 30, 40)
        .get(2, "a", 50, 60);

    assertThat(verdict(t)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void anUnknownDeleteMayOrMayNotHaveHappened() {
    Timeline happened = new Timeline()
        .put(1, "a", 0, 10)
        .unknownDelete(2, 20)
        .get(3, "nil", 100, 110);
    Timeline didNot = new Timeline()
        .put(1, "a", 0, 10)
        .unknownDelete(2, 20)
        .get(3, "a", 100, 110);
    Timeline notBeforeItWasSent = new Timeline()
        .put(1, "a", 0, 10)
        .get(3, "nil", 12, 18)
        .unknownDelete(2, 20);

    assertThat(verdict(happened)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(didNot)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(notBeforeItWasSent)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void manyIdenticalUnknownDeletesAreTriedAsOne() {
    Timeline t = new Timeline();
    for (int i = 0; i < 40; i++) {
      t.unknownDelete(10 + i, i);
    }
    t.put(1, "a", 50, 60).get(2, "a", 70, 80).get(3, "nil", 90, 100).get(4, "b", 110, 120);

    ObjectResult result = check(t);

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.statesExplored()).isLessThan(100);
  }

  @Test
  void failedOpsAreIgnored() {
    Timeline failedPutSeen = new Timeline()
        .failedPut(1, "a", 0, 10)
        .get(2, "a", 20, 30);
    Timeline failedPutUnseen = new Timeline()
        .put(1, "a", 0, 10)
        .failedPut(1, "b", 20, 30)
        .get(2, "a", 40, 50);

    assertThat(verdict(failedPutSeen)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    ObjectResult unseen = check(failedPutUnseen);
    assertThat(unseen.verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(unseen.counts()).isEqualTo(new OpCounts(2, 0, 1));
  }

  @Test
  void aMissingTableReplyOnATableThatAlwaysExistsIsAViolation() {
    Timeline t = new Timeline()
        .put(1, "a", 0, 10)
        .keyOp(2, OpType.GET, null, "missing table", 20, 30);

    ObjectResult result = check(t);

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.explanation()).contains("missing table").contains("never dropped");
    assertThat(result.offendingOps()).singleElement()
        .extracting(Op::reply).isEqualTo("missing table");
  }

  @Test
  void aStoredValueNilCannotBeToldApartFromNoValue() {
    Timeline t = new Timeline()
        .put(1, "nil", 0, 10)
        .get(2, "nil", 20, 30)
        .put(1, "x", 40, 50)
        .get(2, "nil", 60, 70);

    assertThat(verdict(t)).isEqualTo(Verdict.LINEARIZABLE);
  }
}
