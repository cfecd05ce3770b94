package io.winter.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.api.GroupManagementApi;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;

/**
 * Reads a group's members as its leader has them, by asking the nodes that may host the group,
 * in parallel and with short timeouts: the catalog's list of a table's replicas is what Winter
 * meant the group to be, this is what the group is.
 */
final class GroupMembersProbe implements AutoCloseable {
  private static final int TIMEOUT_MS = 2000;

  /**
   * A follower that has not answered its leader for this long is not counted healthy: heartbeats
   * go out every half of the shortest election timeout (1 s), so a live follower answers at
   * least three times as often, even on a busy machine.
   */
  static final long RESPONSIVE_MS = 1500;

  /**
   * What the leader with the highest term said: its members, whether a change is open, and
   * the members that have not answered it within {@link #RESPONSIVE_MS}.
   */
  record LeaderView(String leaderId, long term, List<RaftPeer> members, boolean changing,
                    Set<String> unresponsive) {}

  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "winter-group-probe");
    t.setDaemon(true);
    return t;
  });

  /** The view of the group's leader, or empty when no host that answered leads it. */
  Optional<LeaderView> leader(RaftGroupId groupId, Collection<RaftPeer> hosts) {
    List<CompletableFuture<LeaderView>> asked = new ArrayList<>();
    for (RaftPeer host : hosts) {
      asked.add(CompletableFuture.supplyAsync(() -> ask(groupId, host), pool));
    }
    return asked.stream().map(CompletableFuture::join).filter(Objects::nonNull)
        .max(Comparator.comparingLong(LeaderView::term));
  }

  /** The host's view if it leads the group, else null (not a leader, no such group, silent). */
  private static LeaderView ask(RaftGroupId groupId, RaftPeer host) {
    try (RaftClient client = RaftClient.newBuilder()
        .setRaftGroup(RaftGroup.valueOf(groupId, host))
        .setProperties(RaftSettings.client(TIMEOUT_MS))
        .setParameters(new Parameters())
        .setRetryPolicy(RetryPolicies.noRetry())
        .build()) {
      GroupManagementApi api = client.getGroupManagementApi(host.getId());
      // list first: info of a group the server lacks fails, and the server logs it loudly
      if (!api.list().getGroupIds().contains(groupId)) {
        return null;
      }
      GroupInfoReply info = api.info(groupId);
      if (!info.isSuccess() || info.getRoleInfoProto() == null
          || info.getRoleInfoProto().getRole() != RaftPeerRole.LEADER) {
        return null;
      }
      boolean changing = info.getConf().map(c -> c.getOldPeersCount() > 0).orElse(false);
      List<RaftPeer> members = List.copyOf(info.getGroup().getPeers());
      return new LeaderView(host.getId().toString(),
          info.getRoleInfoProto().getLeaderInfo().getTerm(), members, changing,
          unresponsive(host.getId().toString(), members,
              info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The members, other than the leader, that did not answer the leader recently. */
  static Set<String> unresponsive(String leaderId, List<RaftPeer> members,
                                  List<ServerRpcProto> followers) {
    Set<String> answered = new HashSet<>();
    answered.add(leaderId);
    for (ServerRpcProto f : followers) {
      if (f.getLastRpcElapsedTimeMs() <= RESPONSIVE_MS) {
        answered.add(f.getId().getId().toStringUtf8());
      }
    }
    Set<String> silent = new TreeSet<>();
    for (RaftPeer m : members) {
      if (!answered.contains(m.getId().toString())) {
        silent.add(m.getId().toString());
      }
    }
    return silent;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
