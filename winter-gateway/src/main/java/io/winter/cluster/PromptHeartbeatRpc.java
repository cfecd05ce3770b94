package io.winter.cluster;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;

/**
 * Ratis' gRPC transport for the node's Raft server, with {@link PromptHeartbeatAppender} as its
 * log appender and {@link StartingGroupGuard} in front of the server's services. Ratis finds it
 * by class name from {@code raft.rpc.type}, so it keeps a public no-argument constructor and
 * names itself by its class.
 */
public final class PromptHeartbeatRpc implements RpcType {

  @Override
  public String name() {
    return PromptHeartbeatRpc.class.getName();
  }

  @Override
  public RpcFactory newFactory(Parameters parameters) {
    return new GrpcFactory(parameters) {
      @Override
      public GrpcServices newRaftServerRpc(RaftServer server) {
        return super.newRaftServerRpc(new StartingGroupGuard(server));
      }

      @Override
      public LogAppender newLogAppender(RaftServer.Division server, LeaderState state,
                                        FollowerInfo follower) {
        return new PromptHeartbeatAppender(server, state, follower);
      }
    };
  }
}
