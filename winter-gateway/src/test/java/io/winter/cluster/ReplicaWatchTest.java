package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.FollowerInfoProto;
import org.apache.ratis.proto.RaftProtos.LeaderInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class ReplicaWatchTest {
  private final AtomicLong now = new AtomicLong();
  private final ReplicaWatch watch = new ReplicaWatch(now::get);
  private final RaftGroupId a = RaftGroupId.valueOf(UUID.randomUUID());
  private final RaftGroupId b = RaftGroupId.valueOf(UUID.randomUUID());

  @Test
  void aLeaderAndAFollowerThatHeardItsLeaderLatelyFollowALiveLeader() {
    assertThat(ReplicaWatch.followsLiveLeader(RoleInfoProto.newBuilder()
        .setLeaderInfo(LeaderInfoProto.newBuilder().setTerm(3)).build())).isTrue();
    assertThat(ReplicaWatch.followsLiveLeader(follower("winter-1", 200, 0))).isTrue();
  }

  @Test
  void aFollowerWithoutLeaderOrLongUnheardFollowsNone() {
    assertThat(ReplicaWatch.followsLiveLeader(follower(null, 100, 0))).isFalse();
    // the leader it names went silent, and an append it started never finished
    assertThat(ReplicaWatch.followsLiveLeader(follower("winter-0", 60_000, 1))).isFalse();
    assertThat(ReplicaWatch.followsLiveLeader(RoleInfoProto.getDefaultInstance())).isFalse();
  }

  @Test
  void aReplicaLeaderlessForThePeriodIsReportedOncePerPeriod() {
    assertThat(watch.observe(Map.of(a, false, b, true))).isEmpty();
    advance(ReplicaWatch.REOPEN_AFTER.toSeconds() - 1);
    assertThat(watch.observe(Map.of(a, false, b, true))).isEmpty();
    advance(1);
    assertThat(watch.observe(Map.of(a, false, b, true))).containsExactly(a);
    advance(5);
    assertThat(watch.observe(Map.of(a, false, b, true))).as("a new period began").isEmpty();
    advance(ReplicaWatch.REOPEN_AFTER.toSeconds());
    assertThat(watch.observe(Map.of(a, false, b, true))).containsExactly(a);
  }

  @Test
  void findingALeaderOrLeavingTheWatchStartsAfresh() {
    watch.observe(Map.of(a, false, b, false));
    advance(ReplicaWatch.REOPEN_AFTER.toSeconds() - 1);
    watch.observe(Map.of(a, true)); // a found a leader; b is no longer placed here
    advance(1);
    assertThat(watch.observe(Map.of(a, false, b, false))).isEmpty();
    advance(ReplicaWatch.REOPEN_AFTER.toSeconds());
    assertThat(watch.observe(Map.of(a, false, b, false))).containsExactlyInAnyOrder(a, b);
  }

  private void advance(long seconds) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  private static RoleInfoProto follower(String leader, long heardMsAgo, int appendsUnfinished) {
    ServerRpcProto.Builder rpc = ServerRpcProto.newBuilder().setLastRpcElapsedTimeMs(heardMsAgo);
    if (leader != null) {
      rpc.setId(RaftPeerProto.newBuilder().setId(ByteString.copyFromUtf8(leader)));
    }
    return RoleInfoProto.newBuilder().setFollowerInfo(FollowerInfoProto.newBuilder()
        .setLeaderInfo(rpc).setOutstandingOp(appendsUnfinished)).build();
  }
}
