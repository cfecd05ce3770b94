package io.winter.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Hand-written histories with EXPIRE, checked with 50 ms of slack: a value put during [0, 10]
 * with EXPIRE 1000 has its deadline within [950, 1060].
 */
class ExpiryHistoriesTest {

  private static Verdict verdict(Timeline timeline) {
    return new LinearizabilityChecker()
        .checkObject("key t k", new KeyRegisterModel(50), timeline.ops(), 0).verdict();
  }

  private static Timeline putAt0() {
    return new Timeline().putExpiring(1, "a", 1_000, 0, 10);
  }

  @Test
  void theValueIsThereBeforeItsDeadlineAndGoneAfter() {
    assertThat(verdict(putAt0().get(2, "a", 500, 510).get(2, "nil", 2_000, 2_010)))
        .isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void readingNilBeforeTheEarliestDeadlineIsAViolation() {
    assertThat(verdict(putAt0().get(2, "nil", 900, 940))).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict(putAt0().get(2, "nil", 900, 960))).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void readingTheValueAfterTheLatestDeadlineIsAViolation() {
    assertThat(verdict(putAt0().get(2, "a", 1_060, 1_070))).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict(putAt0().get(2, "a", 1_050, 1_070))).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void anExpiredValueMustNeverComeBack() {
    Timeline t = putAt0()
        .get(2, "a", 990, 995)
        .get(3, "nil", 1_000, 1_005)
        .get(2, "a", 1_010, 1_020);

    assertThat(verdict(t)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void anExpiredKeyCanBePutAgainButTheOldValueStaysGone() {
    Timeline again = putAt0()
        .put(2, "b", 2_000, 2_010)
        .get(3, "b", 2_100, 2_110);
    Timeline oldComesBack = putAt0()
        .put(2, "b", 2_000, 2_010)
        .get(3, "b", 2_100, 2_110)
        .get(3, "a", 2_200, 2_210);

    assertThat(verdict(again)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(oldComesBack)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aPutWhileTheExpiringValueIsLiveChangesNothing() {
    Timeline ignored = putAt0()
        .put(2, "b", 100, 110)
        .get(3, "nil", 2_000, 2_010);
    Timeline wronglyStored = putAt0()
        .put(2, "b", 100, 110)
        .get(3, "b", 2_000, 2_010);

    assertThat(verdict(ignored)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(wronglyStored)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aPutRacingTheDeadlineMayLandEitherSide() {
    Timeline before = putAt0()
        .put(2, "b", 1_000, 1_010)
        .get(3, "nil", 1_100, 1_110);
    Timeline after = putAt0()
        .put(2, "b", 1_000, 1_010)
        .get(3, "b", 1_100, 1_110);

    assertThat(verdict(before)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(after)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void anUnknownExpiringPutHasNoLatestDeadline() {
    Timeline late = new Timeline()
        .unknownPutExpiring(1, "a", 1_000, 0)
        .get(2, "nil", 100, 110)
        .get(2, "a", 5_000, 5_010)
        .get(2, "nil", 7_000, 7_010);
    Timeline tooEarly = new Timeline()
        .unknownPutExpiring(1, "a", 1_000, 0)
        .get(2, "a", 100, 110)
        .get(2, "nil", 500, 510);
    Timeline cameBack = new Timeline()
        .unknownPutExpiring(1, "a", 1_000, 0)
        .get(2, "a", 100, 110)
        .get(2, "nil", 1_500, 1_510)
        .get(2, "a", 1_600, 1_610);

    assertThat(verdict(late)).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(verdict(tooEarly)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict(cameBack)).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }
}
