package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.time.Duration;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.util.PeerProxyMap;
import org.junit.jupiter.api.Test;

/** One renewal of a server's connection to a follower frees every appender silenced by it. */
class SilentAppenderWatchTest {
  private static final Duration SILENCE = Duration.ofSeconds(30);

  @Test
  void aConnectionIsMadeNewOncePerSilenceForEachFollowerOfEachServer() {
    PeerProxyMap<Closeable> leader = new PeerProxyMap<>("leader", peer -> () -> { });
    PeerProxyMap<Closeable> otherLeader = new PeerProxyMap<>("other", peer -> () -> { });
    RaftPeerId follower = RaftPeerId.valueOf("winter-1");

    assertThat(SilentAppenderWatch.claimRenewal(leader, follower, SILENCE)).isTrue();
    assertThat(SilentAppenderWatch.claimRenewal(leader, follower, SILENCE))
        .as("a second silent appender to the same follower: the connection is already new")
        .isFalse();
    assertThat(SilentAppenderWatch.claimRenewal(leader, RaftPeerId.valueOf("winter-2"), SILENCE))
        .isTrue();
    assertThat(SilentAppenderWatch.claimRenewal(otherLeader, follower, SILENCE)).isTrue();
  }

  @Test
  void aConnectionRenewedLongerAgoThanTheSilenceIsMadeNewAgain() {
    PeerProxyMap<Closeable> leader = new PeerProxyMap<>("leader", peer -> () -> { });
    RaftPeerId follower = RaftPeerId.valueOf("winter-1");

    assertThat(SilentAppenderWatch.claimRenewal(leader, follower, Duration.ZERO)).isTrue();
    assertThat(SilentAppenderWatch.claimRenewal(leader, follower, Duration.ZERO)).isTrue();
  }
}
