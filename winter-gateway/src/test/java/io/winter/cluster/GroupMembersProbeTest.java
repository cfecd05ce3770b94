package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Which members of a group count as healthy for an optional move. Found by the fifth long run
 * of 2026-12-04: a rebalancing move began while a member was down, and the group, needing the
 * vote of the member being removed, never elected a leader again.
 */
class GroupMembersProbeTest {
  private static final List<RaftPeer> MEMBERS = List.of(peer("winter-0"), peer("winter-7"),
      peer("winter-10"), peer("winter-13"));

  @Test
  void aFollowerSilentForThreeHeartbeatsIsUnresponsive() {
    var silent = GroupMembersProbe.unresponsive("winter-7", MEMBERS, List.of(
        follower("winter-0", 12_000), follower("winter-10", 180), follower("winter-13", 1400)));

    assertThat(silent).containsExactly("winter-0");
  }

  @Test
  void aMemberTheLeaderHasNoAppenderForIsUnresponsiveAndTheLeaderNever() {
    var silent = GroupMembersProbe.unresponsive("winter-7", MEMBERS, List.of(
        follower("winter-10", 10), follower("winter-13", 10)));

    assertThat(silent).containsExactly("winter-0");
  }

  private static RaftPeer peer(String id) {
    return RaftPeer.newBuilder().setId(id).setAddress(id + ":6061").build();
  }

  private static ServerRpcProto follower(String id, long silentMs) {
    return ServerRpcProto.newBuilder()
        .setId(RaftPeerProto.newBuilder().setId(ByteString.copyFromUtf8(id)))
        .setLastRpcElapsedTimeMs(silentMs).build();
  }
}
