package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.chaos.history.OpType;
import org.junit.jupiter.api.Test;

/** Hand-written histories of one table that is created and dropped, with its keys. */
class TableLifecycleHistoriesTest {

  private static Verdict verdict(Timeline timeline) {
    return verdict(new TableLifecycleModel(50), timeline);
  }

  private static Verdict verdict(TableLifecycleModel model, Timeline timeline) {
    return new LinearizabilityChecker()
        .checkObject("table t", model, timeline.ops(), 0).verdict();
  }

  @Test
  void aTableLivesDiesAndComesBackEmpty() {
    Timeline t = new Timeline()
        .create(1, "created", 0, 10)
        .put(1, "a", 20, 30)
        .get(2, "a", 40, 50)
        .drop(3, "dropped", 60, 70)
        .keyOp(2, OpType.GET, null, "missing table", 80, 90)
        .keyOp(2, OpType.PUTNEW, "b", "missing table", 100, 110)
        .drop(3, "missing table", 120, 130)
        .create(1, "created", 140, 150)
        .create(2, "already created", 160, 170)
        .get(2, "nil", 180, 190);

    assertThat(verdict(t)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void aKeyReadAfterItsTableWasDroppedIsAViolation() {
    Timeline t = new Timeline()
        .create(1, "created", 0, 10)
        .put(1, "a", 20, 30)
        .drop(3, "dropped", 40, 50)
        .get(2, "a", 60, 70);

    assertThat(verdict(t)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aRecreatedTableMustNotShowTheOldTablesKeys() {
    Timeline t = new Timeline()
        .create(1, "created", 0, 10)
        .put(1, "a", 20, 30)
        .drop(3, "dropped", 40, 50)
        .create(1, "created", 60, 70)
        .get(2, "a", 80, 90);

    assertThat(verdict(t)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void twoCreatedRepliesNeedADropBetweenThem() {
    Timeline twice = new Timeline()
        .create(1, "created", 0, 10)
        .create(2, "created", 20, 30);
    Timeline droppedBetween = new Timeline()
        .create(1, "created", 0, 10)
        .drop(3, "dropped", 12, 18)
        .create(2, "created", 20, 30);
    Timeline maybeDroppedBetween = new Timeline()
        .create(1, "created", 0, 10)
        .unknownDrop(3, 12)
        .create(2, "created", 20, 30);

    assertThat(verdict(twice)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict(droppedBetween)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(maybeDroppedBetween)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void ofConcurrentCreatesExactlyOneIsCreated() {
    Timeline one = new Timeline()
        .create(1, "created", 0, 100)
        .create(2, "already created", 0, 100)
        .create(3, "already created", 50, 150);
    Timeline two = new Timeline()
        .create(1, "created", 0, 100)
        .create(2, "created", 0, 100);

    assertThat(verdict(one)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(two)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aMissingTableReplyWhileTheTableExistsIsAViolation() {
    Timeline t = new Timeline()
        .create(1, "created", 0, 10)
        .keyOp(2, OpType.DELETE, null, "missing table", 20, 30);

    assertThat(verdict(t)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void theTableMayOrMayNotExistAtTheStartUnlessTheModelIsTold() {
    Timeline droppedFirst = new Timeline()
        .drop(1, "dropped", 0, 10)
        .create(1, "created", 20, 30);
    TableLifecycleModel missingAtStart = new TableLifecycleModel(50, false);

    assertThat(verdict(droppedFirst)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(missingAtStart, droppedFirst)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void keysOfOneTableAreSeparateButShareItsLife() {
    Timeline fine = new Timeline()
        .create(1, "created", 0, 10)
        .on("x").put(1, "a", 20, 30)
        .on("y").put(2, "b", 20, 30)
        .on("x").get(3, "a", 40, 50)
        .on("y").get(3, "b", 40, 50)
        .drop(1, "dropped", 60, 70)
        .create(1, "created", 80, 90)
        .on("x").get(3, "nil", 100, 110);
    Timeline crossed = new Timeline()
        .create(1, "created", 0, 10)
        .on("x").put(1, "a", 20, 30)
        .on("y").get(3, "a", 40, 50);

    assertThat(verdict(fine)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(crossed)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aKeyOpConcurrentWithADropMaySeeEitherSide() {
    Timeline t = new Timeline()
        .create(1, "created", 0, 10)
        .put(1, "a", 20, 30)
        .drop(2, "dropped", 40, 100)
        .get(3, "a", 50, 60)
        .keyOp(4, OpType.GET, null, "missing table", 70, 80)
        .get(3, "a", 85, 95);

    assertThat(verdict(t)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict(new Timeline()
        .create(1, "created", 0, 10)
        .put(1, "a", 20, 30)
        .drop(2, "dropped", 40, 100)
        .get(3, "a", 50, 60)
        .keyOp(4, OpType.GET, null, "missing table", 70, 80)))
        .isEqualTo(Verdict.LINEARIZABLE);
  }
}
