package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RaftSettingsTest {

  private static RaftProperties server() {
    return RaftSettings.server(new File("unused"), "127.0.0.1", 0, 10_000, 1 << 20);
  }

  @Test
  void appendsInFlightPerFollowerAreRatisDefaultUnlessAskedFor() {
    assertThat(GrpcConfigKeys.Server.leaderOutstandingAppendsMax(server())).isEqualTo(8);
    System.setProperty("winter.raft.outstandingAppends", "1");
    try {
      assertThat(GrpcConfigKeys.Server.leaderOutstandingAppendsMax(server())).isEqualTo(1);
    } finally {
      System.clearProperty("winter.raft.outstandingAppends");
    }
  }

  @Test
  void followersAppendInArrivalOrderNotComposed() {
    // Composed appends answer an overlapping resend before writing it (ComposedAppendOverlapTest).
    assertThat(RaftServerConfigKeys.Log.appendEntriesComposeEnabled(server())).isFalse();
  }

  @Test
  void readsAreLinearizable() {
    assertThat(RaftServerConfigKeys.Read.option(server()))
        .isEqualTo(RaftServerConfigKeys.Read.Option.LINEARIZABLE);
  }
}
