package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.cluster.CatalogProbe.Finding;
import io.winter.cluster.CatalogProbe.PeerState;
import io.winter.cluster.IdentityCheck.Kind;
import io.winter.cluster.IdentityCheck.Verdict;
import io.winter.proto.NodeRecord;
import io.winter.proto.NodeRecord.State;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.Test;

/** How a node without Raft state decides between founding, joining and waiting. */
class IdentityCheckTest {
  private static final String MINE = "new-incarnation";
  private static final List<RaftPeer> FOUNDERS = List.of(ClusterBootstrap.peer("n1", "h:1"),
      ClusterBootstrap.peer("n2", "h:2"), ClusterBootstrap.peer("n3", "h:3"));

  private final IdentityCheck founder = new IdentityCheck("n1", MINE, FOUNDERS, null, null);
  private final IdentityCheck joiner = new IdentityCheck("n4", MINE, List.of(), null, null);

  @Test
  void aLostIncarnationStillActiveIsRetiredAndTheNodeJoins() {
    Verdict verdict = founder.decide(answered(record("old", State.ACTIVE), true), false);

    assertThat(verdict.kind()).isEqualTo(Kind.JOIN);
    assertThat(verdict.retire()).contains("old");
  }

  @Test
  void aLostIncarnationAlreadyEvacuatedIsNotRetiredAgain() {
    Verdict verdict = founder.decide(answered(record("old", State.EVACUATED), false), false);

    assertThat(verdict.kind()).isEqualTo(Kind.JOIN);
    assertThat(verdict.retire()).isEmpty();
  }

  @Test
  void aMemberListedWithoutCatalogUnderAnEvacuatedRecordWasLostAgainAndIsRetired() {
    Verdict verdict = founder.decide(answered(record("old", State.EVACUATED), true), false);

    assertThat(verdict.kind()).isEqualTo(Kind.JOIN);
    assertThat(verdict.retire()).contains("old");
  }

  @Test
  void aFounderLateToTheFirstStartFoundsWithTheOthers() {
    Verdict verdict = founder.decide(answered(Optional.empty(), true), false);

    assertThat(verdict.kind()).isEqualTo(Kind.FOUND);
  }

  @Test
  void aFounderNoLongerListedJoinsLikeAnyNewNode() {
    assertThat(founder.decide(answered(Optional.empty(), false), false).kind())
        .isEqualTo(Kind.JOIN);
    assertThat(founder.decide(answered(Optional.empty(), true), true).kind())
        .as("the cluster added it meanwhile").isEqualTo(Kind.JOIN);
  }

  @Test
  void aNewNodeJoinsAndOneListedWithoutRecordOrCatalogRetiresTheUnregisteredOne() {
    Verdict fresh = joiner.decide(answered(Optional.empty(), false), false);
    Verdict lostUnregistered = joiner.decide(answered(Optional.empty(), true), false);

    assertThat(fresh.kind()).isEqualTo(Kind.JOIN);
    assertThat(fresh.retire()).isEmpty();
    assertThat(lostUnregistered.kind()).isEqualTo(Kind.JOIN);
    assertThat(lostUnregistered.retire()).contains("");
  }

  @Test
  void anExistingClusterThatDoesNotAnswerIsWaitedFor() {
    Finding silent = new Finding(Map.of("n2", PeerState.CATALOG_WITH_HISTORY,
        "n3", PeerState.UNREACHABLE), false, Optional.empty(), true);

    assertThat(founder.decide(silent, false).kind()).isEqualTo(Kind.WAIT);
    assertThat(founder.decide(silent, false).reason()).contains("confirm this node's identity");
    assertThat(joiner.decide(silent, false).kind()).isEqualTo(Kind.WAIT);
  }

  @Test
  void aFirstStartIsFoundedOnlyWithAMajorityOfTheFoundersAnswering() {
    Finding alone = new Finding(Map.of("n2", PeerState.UNREACHABLE,
        "n3", PeerState.UNREACHABLE), false, Optional.empty(), false);
    Finding withOne = new Finding(Map.of("n2", PeerState.NO_CATALOG,
        "n3", PeerState.UNREACHABLE), false, Optional.empty(), false);
    Finding formingElsewhere = new Finding(Map.of("n2", PeerState.CATALOG_WITHOUT_HISTORY,
        "n3", PeerState.UNREACHABLE), false, Optional.empty(), true);

    assertThat(founder.decide(alone, false).kind()).isEqualTo(Kind.WAIT);
    assertThat(founder.decide(withOne, false).kind()).isEqualTo(Kind.FOUND);
    assertThat(founder.decide(formingElsewhere, false).kind()).isEqualTo(Kind.FOUND);
    assertThat(joiner.decide(alone, false).kind()).isEqualTo(Kind.WAIT);
  }

  @Test
  void aNodeThatFoundsNothingJoinsOnlyOnceTheCatalogHasAnswered() {
    // A wiped non-founder restarted while every other node was too busy to answer its probe
    // joined unasked, with its lost incarnation still a member under the same id: the cluster
    // never added it and never retired the old one (30-minute run of 2026-12-04, seed
    // 6701728063672578972).
    Finding unanswered = new Finding(Map.of("n1", PeerState.UNREACHABLE,
        "n2", PeerState.UNREACHABLE), false, Optional.empty(), false);
    Finding forming = new Finding(Map.of("n1", PeerState.CATALOG_WITHOUT_HISTORY,
        "n2", PeerState.NO_CATALOG), false, Optional.empty(), false);

    assertThat(joiner.decide(unanswered, false).kind()).isEqualTo(Kind.WAIT);
    assertThat(joiner.decide(forming, false).kind()).isEqualTo(Kind.WAIT);
    assertThat(joiner.decide(unanswered, true).kind()).as("added meanwhile").isEqualTo(Kind.JOIN);
    Verdict answered = joiner.decide(answered(record("old", State.ACTIVE), true), false);
    assertThat(answered.kind()).isEqualTo(Kind.JOIN);
    assertThat(answered.retire()).contains("old");
  }

  @Test
  void aSingleFounderFoundsAlone() {
    IdentityCheck only = new IdentityCheck("n1", MINE, FOUNDERS.subList(0, 1), null, null);

    assertThat(only.decide(new Finding(Map.of(), false, Optional.empty(), false), false)
        .kind()).isEqualTo(Kind.FOUND);
  }

  private static Finding answered(Optional<NodeRecord> record, boolean listed) {
    return new Finding(Map.of("n2", PeerState.CATALOG_WITH_HISTORY,
        "n3", PeerState.CATALOG_WITH_HISTORY), true, record, listed);
  }

  private static Optional<NodeRecord> record(String incarnation, State state) {
    return Optional.of(NodeRecord.newBuilder().setId("n1").setIncarnation(incarnation)
        .setState(state).build());
  }
}
