package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.retry.MultipleLinearRandomRetry;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RaftSettingsTest {

  private static RaftProperties server() {
    return server(false);
  }

  private static RaftProperties server(boolean soleNode) {
    return RaftSettings.server(new File("unused"), "127.0.0.1", 0, 10_000, 1 << 20, soleNode);
  }

  private static long firstElectionMinMs(RaftProperties p) {
    return RaftServerConfigKeys.Rpc.firstElectionTimeoutMin(p).toLong(TimeUnit.MILLISECONDS);
  }

  private static long firstElectionMaxMs(RaftProperties p) {
    return RaftServerConfigKeys.Rpc.firstElectionTimeoutMax(p).toLong(TimeUnit.MILLISECONDS);
  }

  @Test
  void aNodeAloneElectsANewGroupAtOnceWhileClusterNodesSpreadTheirFirstElections() {
    assertThat(firstElectionMaxMs(server(true))).isLessThanOrEqualTo(10);
    // replicas of one new group start together: spread timeouts keep them from splitting votes
    assertThat(firstElectionMinMs(server(false))).isEqualTo(150);
    assertThat(firstElectionMaxMs(server(false))).isEqualTo(300);
  }

  @Test
  void jvmOptionsNamingARatisPropertyOverrideWintersChoice() {
    System.setProperty("raft.server.log.append-entries.compose.enabled", "true");
    System.setProperty("raft.grpc.server.leader.outstanding.appends.max", "1");
    System.setProperty("raft.client.async.outstanding-requests.max", "7");
    try {
      assertThat(RaftServerConfigKeys.Log.appendEntriesComposeEnabled(server())).isTrue();
      assertThat(GrpcConfigKeys.Server.leaderOutstandingAppendsMax(server())).isEqualTo(1);
      assertThat(RaftClientConfigKeys.Async.outstandingRequestsMax(RaftSettings.client(5000)))
          .isEqualTo(7);
    } finally {
      System.clearProperty("raft.server.log.append-entries.compose.enabled");
      System.clearProperty("raft.grpc.server.leader.outstanding.appends.max");
      System.clearProperty("raft.client.async.outstanding-requests.max");
    }
    assertThat(GrpcConfigKeys.Server.leaderOutstandingAppendsMax(server())).isEqualTo(8);
  }

  @Test
  void theServersTransportIsGrpcWithLeadersThatSendTheHeartbeatsReadsWaitFor() {
    RpcType type = RaftConfigKeys.Rpc.type(server(), s -> { });
    assertThat(type).isInstanceOf(PromptHeartbeatRpc.class);
    assertThat(type.newFactory(new Parameters())).isInstanceOf(GrpcFactory.class);
  }

  @Test
  void followersAppendInArrivalOrderNotComposed() {
    // Composed appends answer an overlapping resend before writing it (ComposedAppendOverlapTest).
    assertThat(RaftServerConfigKeys.Log.appendEntriesComposeEnabled(server())).isFalse();
  }

  @Test
  void aLeaderThatSteppedDownCampaignsAgainWithinAnElectionTimeoutOrTwo() {
    assertThat(RaftServerConfigKeys.LeaderElection.leaderStepDownWaitTime(server())
        .toLong(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(2000);
  }

  @Test
  void aLeaderTriesAFailingFollowerAtLeastOnceASecondForItsFirst300Failures() {
    // Ratis' default waited 5 s per try from the 30th failure (docs/reliability.md)
    RetryPolicy policy = MultipleLinearRandomRetry.parseCommaSeparated(
        RaftServerConfigKeys.Log.Appender.retryPolicy(server()));
    for (int failures = 1; failures <= 330; failures++) {
      assertThat(sleepMs(policy, failures)).as("after %d failures", failures)
          .isLessThanOrEqualTo(1_500); // each wait is randomized within ±50%
    }
    assertThat(sleepMs(policy, 331)).isGreaterThanOrEqualTo(2_500);
  }

  private static long sleepMs(RetryPolicy policy, int failures) {
    return policy.handleAttemptFailure(() -> failures).getSleepTime()
        .toLong(TimeUnit.MILLISECONDS);
  }

  @Test
  void leadersAppendNoMetadataEntryAfterEachCommit() {
    assertThat(RaftServerConfigKeys.Log.logMetadataEnabled(server())).isFalse();
  }

  @Test
  void aCatalogClientTriesAnotherMemberSoonerThanATableClient() {
    assertThat(RaftClientConfigKeys.Rpc.requestTimeout(RaftSettings.catalogClient(5000))
        .toLong(TimeUnit.MILLISECONDS)).isEqualTo(1000);
    assertThat(RaftClientConfigKeys.Rpc.requestTimeout(RaftSettings.client(5000))
        .toLong(TimeUnit.MILLISECONDS)).isEqualTo(3000);
  }

  @Test
  void aNewClientsOpeningWatchWaitsNoLongerThanATry() {
    assertThat(RaftClientConfigKeys.Rpc.watchRequestTimeout(RaftSettings.client(5000))
        .toLong(TimeUnit.MILLISECONDS)).isEqualTo(3000);
    assertThat(RaftClientConfigKeys.Rpc.watchRequestTimeout(RaftSettings.catalogClient(5000))
        .toLong(TimeUnit.MILLISECONDS)).isEqualTo(1000);
  }

  @Test
  void readsAreLinearizable() {
    assertThat(RaftServerConfigKeys.Read.option(server()))
        .isEqualTo(RaftServerConfigKeys.Read.Option.LINEARIZABLE);
  }
}
