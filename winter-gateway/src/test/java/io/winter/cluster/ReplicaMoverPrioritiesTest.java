package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.proto.Peer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who carries a group's leader priority through a move. Found by the fourth 30-minute chaos run
 * of 2026-12-04: a newcomer given the leaving member's priority at once refused the votes of a
 * member whose log equalled its own, while a member still on the old configuration refused the
 * newcomer; with the leaving member wiped, the group never elected a leader again.
 */
class ReplicaMoverPrioritiesTest {
  private static Peer peer(String id, int priority) {
    return Peer.newBuilder().setId(id).setAddress(id + ":6061").setPriority(priority).build();
  }

  @Test
  void theNewcomerTakesTheLeavingMembersPriorityOnlyOnceItHasLeft() {
    List<Peer> afterLeaving = List.of(peer("winter-2", 0), peer("winter-13", 0),
        peer("winter-14", 0));

    assertThat(ReplicaMover.inheritPriority(afterLeaving, 1, "winter-14"))
        .extracting(Peer::getId, Peer::getPriority)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("winter-2", 0),
            org.assertj.core.groups.Tuple.tuple("winter-13", 0),
            org.assertj.core.groups.Tuple.tuple("winter-14", 1));
  }

  @Test
  void aPriorityHandedToAStayingMemberIsNotDoubled() {
    List<Peer> handedOff = List.of(peer("winter-2", 1), peer("winter-13", 0),
        peer("winter-14", 0));

    assertThat(ReplicaMover.inheritPriority(handedOff, 1, "winter-14")).isEqualTo(handedOff);
  }

  @Test
  void aLeavingMemberWithoutPriorityHandsNoneOn() {
    List<Peer> members = List.of(peer("winter-2", 0), peer("winter-14", 0));

    assertThat(ReplicaMover.inheritPriority(members, 0, "winter-14")).isEqualTo(members);
  }
}
