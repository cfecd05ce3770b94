package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotRequestProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotRequestProto.SnapshotChunkProto;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.TermIndexProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ratis server adding a group at run time, whose state machine holds the division's
 * start until the test lets it go: a snapshot from the group's leader that arrives meanwhile is
 * refused as not ready, and the division then starts and follows. Passed to the server itself,
 * that snapshot chunk makes the group's addition fail with {@code previous != null} (checked).
 */
class StartingGroupGuardTest {
  private static final RaftPeerId SELF = RaftPeerId.valueOf("self");
  private static final RaftPeerId LEADER = RaftPeerId.valueOf("leader");

  @TempDir Path tmp;
  private final CountDownLatch initializing = new CountDownLatch(1);
  private final CountDownLatch mayFinish = new CountDownLatch(1);
  private RaftServer server;

  @AfterEach
  void close() throws IOException {
    mayFinish.countDown();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSnapshotSentToAGroupStillStartingIsRefusedAndTheGroupStarts() throws Exception {
    server = startServer();
    RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), List.of(
        RaftPeer.newBuilder().setId(SELF).setAddress("127.0.0.1:1").build(),
        RaftPeer.newBuilder().setId(LEADER).setAddress("127.0.0.1:2").build()));
    CompletableFuture<RaftClientReply> added = server.groupManagementAsync(
        GroupManagementRequest.newAdd(ClientId.randomId(), SELF, 1, group, true));
    assertThat(initializing.await(10, TimeUnit.SECONDS)).as("the division is starting").isTrue();

    StartingGroupGuard guard = new StartingGroupGuard(server);
    assertThatThrownBy(() -> guard.installSnapshot(snapshotChunk(group.getGroupId())))
        .isInstanceOf(ServerNotReadyException.class);

    mayFinish.countDown();
    assertThat(added.get(10, TimeUnit.SECONDS).isSuccess()).as("the group was added").isTrue();
    assertThat(server.getDivision(group.getGroupId()).getInfo().getCurrentRole())
        .isEqualTo(RaftPeerRole.FOLLOWER);
    assertThat(guard.appendEntriesAsync(heartbeat(group.getGroupId())).get(10, TimeUnit.SECONDS)
        .getServerReply().getSuccess()).as("an append once it has started").isTrue();
  }

  private RaftServer startServer() throws IOException {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(tmp.toFile()));
    GrpcConfigKeys.Server.setHost(p, "127.0.0.1");
    GrpcConfigKeys.Server.setPort(p, 0);
    RaftServer s = RaftServer.newBuilder()
        .setServerId(SELF)
        .setProperties(p)
        .setStateMachineRegistry(id -> new HeldStart())
        .build();
    s.start();
    return s;
  }

  /** A heartbeat from the group's leader at term 1, as another server's appender sends it. */
  private static AppendEntriesRequestProto heartbeat(RaftGroupId groupId) {
    return AppendEntriesRequestProto.newBuilder()
        .setServerRequest(fromLeader(groupId, 1))
        .setLeaderTerm(1)
        .setLeaderCommit(-1)
        .setInitializing(false)
        .build();
  }

  /** The first chunk of a snapshot the group's leader sends a replica that lacks its log. */
  private static InstallSnapshotRequestProto snapshotChunk(RaftGroupId groupId) {
    return InstallSnapshotRequestProto.newBuilder()
        .setServerRequest(fromLeader(groupId, 2))
        .setLeaderTerm(1)
        .setSnapshotChunk(SnapshotChunkProto.newBuilder()
            .setRequestId("chunk")
            .setRequestIndex(0)
            .setTermIndex(TermIndexProto.newBuilder().setTerm(1).setIndex(10))
            .setDone(false))
        .build();
  }

  private static RaftRpcRequestProto fromLeader(RaftGroupId groupId, long callId) {
    return RaftRpcRequestProto.newBuilder()
        .setRequestorId(LEADER.toByteString())
        .setReplyId(SELF.toByteString())
        .setRaftGroupId(RaftGroupIdProto.newBuilder().setId(groupId.toByteString()))
        .setCallId(callId)
        .build();
  }

  /** A state machine whose initialization waits for the test. */
  private final class HeldStart extends BaseStateMachine {
    @Override
    public void initialize(RaftServer raftServer, RaftGroupId groupId, RaftStorage storage)
        throws IOException {
      super.initialize(raftServer, groupId, storage);
      initializing.countDown();
      try {
        mayFinish.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }
}
