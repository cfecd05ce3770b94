package io.winter.cluster;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotReplyProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotRequestProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.ReadIndexReplyProto;
import org.apache.ratis.proto.RaftProtos.ReadIndexRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteReplyProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionReplyProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.GroupInfoRequest;
import org.apache.ratis.protocol.GroupListReply;
import org.apache.ratis.protocol.GroupListRequest;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.LeaderElectionManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.DataStreamServerRpc;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerRpc;
import org.apache.ratis.server.ServerFactory;
import org.apache.ratis.util.LifeCycle;

/**
 * The node's Raft server as its gRPC services see it: a snapshot another server sends to a group
 * whose division is still starting is refused as not ready, and the sender tries again.
 *
 * <p>Why: in Ratis 3.3 a group added at run time (a new table, a replica moved here or joining
 * as a new member, one opened again) is reachable while its division reads its log and snapshot,
 * before it takes its role. Ratis refuses appends, votes, read indexes and election requests
 * until then, but not a snapshot: an INSTALL_SNAPSHOT arriving then makes the division a
 * follower and starts its election timer, and the division's own start (or, for a new member,
 * its first append) starts that timer a second time and fails ({@code previous != null}). The
 * server then drops the group without closing it, its directory stays locked, and every later
 * attempt to add the group fails until the process restarts. Only that entry point is checked,
 * so appends pay nothing; everything else is passed through.
 */
final class StartingGroupGuard implements RaftServer {
  private final RaftServer server;

  StartingGroupGuard(RaftServer server) {
    this.server = server;
  }

  /** Throws if the request's group is here and its division has not taken a role yet. */
  private void refuseWhileStarting(RaftRpcRequestProto request) throws IOException {
    RaftGroupId groupId = RaftGroupId.valueOf(request.getRaftGroupId().getId());
    Division division;
    try {
      division = server.getDivision(groupId);
    } catch (IOException | RuntimeException notHere) {
      return; // the server itself answers for a group it does not have
    }
    if (division.getInfo().getCurrentRole() == null) {
      throw new ServerNotReadyException(division.getMemberId() + " is starting");
    }
  }

  @Override
  public InstallSnapshotReplyProto installSnapshot(InstallSnapshotRequestProto request)
      throws IOException {
    refuseWhileStarting(request.getServerRequest());
    return server.installSnapshot(request);
  }

  // What follows only passes through.

  @Override
  public CompletableFuture<AppendEntriesReplyProto> appendEntriesAsync(
      AppendEntriesRequestProto request) throws IOException {
    return server.appendEntriesAsync(request);
  }

  @Override
  public AppendEntriesReplyProto appendEntries(AppendEntriesRequestProto request)
      throws IOException {
    return server.appendEntries(request);
  }

  @Override
  public RequestVoteReplyProto requestVote(RequestVoteRequestProto request) throws IOException {
    return server.requestVote(request);
  }

  @Override
  public StartLeaderElectionReplyProto startLeaderElection(
      StartLeaderElectionRequestProto request) throws IOException {
    return server.startLeaderElection(request);
  }

  @Override
  public CompletableFuture<ReadIndexReplyProto> readIndexAsync(ReadIndexRequestProto request)
      throws IOException {
    return server.readIndexAsync(request);
  }

  @Override
  public RaftPeerId getId() {
    return server.getId();
  }

  @Override
  public RaftPeer getPeer() {
    return server.getPeer();
  }

  @Override
  public Iterable<RaftGroupId> getGroupIds() {
    return server.getGroupIds();
  }

  @Override
  public Iterable<RaftGroup> getGroups() throws IOException {
    return server.getGroups();
  }

  @Override
  public Division getDivision(RaftGroupId groupId) throws IOException {
    return server.getDivision(groupId);
  }

  @Override
  public RaftProperties getProperties() {
    return server.getProperties();
  }

  @Override
  public RaftServerRpc getServerRpc() {
    return server.getServerRpc();
  }

  @Override
  public DataStreamServerRpc getDataStreamServerRpc() {
    return server.getDataStreamServerRpc();
  }

  @Override
  public RpcType getRpcType() {
    return server.getRpcType();
  }

  @Override
  public ServerFactory getFactory() {
    return server.getFactory();
  }

  @Override
  public void start() throws IOException {
    server.start();
  }

  @Override
  public LifeCycle.State getLifeCycleState() {
    return server.getLifeCycleState();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  @Override
  public RaftClientReply submitClientRequest(RaftClientRequest request) throws IOException {
    return server.submitClientRequest(request);
  }

  @Override
  public CompletableFuture<RaftClientReply> submitClientRequestAsync(RaftClientRequest request)
      throws IOException {
    return server.submitClientRequestAsync(request);
  }

  @Override
  public GroupListReply getGroupList(GroupListRequest request) throws IOException {
    return server.getGroupList(request);
  }

  @Override
  public GroupInfoReply getGroupInfo(GroupInfoRequest request) throws IOException {
    return server.getGroupInfo(request);
  }

  @Override
  public RaftClientReply groupManagement(GroupManagementRequest request) throws IOException {
    return server.groupManagement(request);
  }

  @Override
  public RaftClientReply snapshotManagement(SnapshotManagementRequest request)
      throws IOException {
    return server.snapshotManagement(request);
  }

  @Override
  public RaftClientReply setConfiguration(SetConfigurationRequest request) throws IOException {
    return server.setConfiguration(request);
  }

  @Override
  public RaftClientReply transferLeadership(TransferLeadershipRequest request)
      throws IOException {
    return server.transferLeadership(request);
  }

  @Override
  public CompletableFuture<GroupListReply> getGroupListAsync(GroupListRequest request) {
    return server.getGroupListAsync(request);
  }

  @Override
  public CompletableFuture<GroupInfoReply> getGroupInfoAsync(GroupInfoRequest request) {
    return server.getGroupInfoAsync(request);
  }

  @Override
  public CompletableFuture<RaftClientReply> groupManagementAsync(
      GroupManagementRequest request) {
    return server.groupManagementAsync(request);
  }

  @Override
  public CompletableFuture<RaftClientReply> snapshotManagementAsync(
      SnapshotManagementRequest request) {
    return server.snapshotManagementAsync(request);
  }

  @Override
  public CompletableFuture<RaftClientReply> leaderElectionManagementAsync(
      LeaderElectionManagementRequest request) {
    return server.leaderElectionManagementAsync(request);
  }

  @Override
  public CompletableFuture<RaftClientReply> setConfigurationAsync(
      SetConfigurationRequest request) throws IOException {
    return server.setConfigurationAsync(request);
  }

  @Override
  public CompletableFuture<RaftClientReply> transferLeadershipAsync(
      TransferLeadershipRequest request) throws IOException {
    return server.transferLeadershipAsync(request);
  }
}
