package io.winter.cluster;

import io.winter.proto.CatalogCommand;
import io.winter.proto.CatalogCommandReply;
import io.winter.proto.CatalogQuery;
import io.winter.proto.CatalogQueryReply;
import io.winter.proto.LookupNode;
import io.winter.proto.NodeRecord;
import io.winter.proto.RetireNode;
import io.winter.statemachine.RatisMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.api.GroupManagementApi;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.proto.RaftProtos.LogInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/**
 * Asks the other known nodes, before this node takes part in any Raft group, whether they host
 * the catalog and what the catalog records of this node's id, through short-lived Raft clients
 * with short timeouts. Needs no leader to tell an existing cluster from a forming one.
 */
public final class CatalogProbe implements AutoCloseable {
  private static final int TIMEOUT_MS = 2000;

  /** What one peer says of the catalog group. */
  public enum PeerState {
    UNREACHABLE,
    NO_CATALOG,
    /** Hosts the catalog, which has no entry yet: a cluster being formed. */
    CATALOG_WITHOUT_HISTORY,
    /** Hosts the catalog with entries or a snapshot: a cluster that exists. */
    CATALOG_WITH_HISTORY
  }

  /**
   * What the other nodes said: each one's state; whether the catalog answered and, if so, its
   * record of this node's id; whether the catalog's members, as a host reported them, list it.
   */
  public record Finding(Map<String, PeerState> peers, boolean answered,
                        Optional<NodeRecord> record, boolean listed) {}

  private record PeerView(RaftPeer peer, PeerState state, List<RaftPeer> catalogPeers,
                          RaftPeerId leader) {}

  private final String selfId;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "winter-catalog-probe");
    t.setDaemon(true);
    return t;
  });

  public CatalogProbe(String selfId) {
    this.selfId = selfId;
  }

  /** Asks every other node (in parallel) and, if one hosts the catalog, the catalog itself. */
  public Finding probe(List<RaftPeer> others) {
    List<PeerView> views = views(others);
    Map<String, PeerState> states = new LinkedHashMap<>();
    views.forEach(v -> states.put(v.peer().getId().toString(), v.state()));
    Optional<PeerView> host = host(views);
    boolean listed = host.map(h -> h.catalogPeers().stream()
        .anyMatch(p -> p.getId().toString().equals(selfId))).orElse(false);
    if (host.isEmpty()) {
      return new Finding(states, false, Optional.empty(), false);
    }
    CatalogQuery query = CatalogQuery.newBuilder()
        .setLookupNode(LookupNode.newBuilder().setId(selfId)).build();
    try (RaftClient client = catalogClient(host.get())) {
      RaftClientReply reply = client.io().sendReadOnly(RatisMessages.toMessage(query));
      CatalogQueryReply parsed = RaftCalls.parse(reply, RatisMessages::catalogQueryReply);
      return new Finding(states, true,
          parsed.hasNode() ? Optional.of(parsed.getNode()) : Optional.empty(), listed);
    } catch (IOException | RuntimeException e) {
      return new Finding(states, false, Optional.empty(), listed);
    }
  }

  /**
   * Asks the catalog to retire this node's lost incarnation; empty when no catalog answered.
   */
  public Optional<CatalogCommandReply> retire(List<RaftPeer> others, String lostIncarnation) {
    Optional<PeerView> host = host(views(others));
    if (host.isEmpty()) {
      return Optional.empty();
    }
    CatalogCommand retire = CatalogCommand.newBuilder().setRetireNode(RetireNode.newBuilder()
        .setId(selfId).setIncarnation(lostIncarnation)).build();
    try (RaftClient client = catalogClient(host.get())) {
      RaftClientReply reply = client.io().send(RatisMessages.toMessage(retire));
      return Optional.of(RaftCalls.parse(reply, RatisMessages::catalogCommandReply));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private List<PeerView> views(List<RaftPeer> others) {
    List<CompletableFuture<PeerView>> asked = new ArrayList<>();
    for (RaftPeer peer : others) {
      if (!peer.getId().toString().equals(selfId)) {
        asked.add(CompletableFuture.supplyAsync(() -> view(peer), pool));
      }
    }
    return asked.stream().map(CompletableFuture::join).toList();
  }

  private PeerView view(RaftPeer peer) {
    try (RaftClient client = client(RaftGroup.valueOf(RaftNode.CATALOG_GROUP_ID, peer), null,
        RetryPolicies.noRetry())) {
      GroupManagementApi api = client.getGroupManagementApi(peer.getId());
      // list first: info of a group the server lacks fails, and the server logs it loudly
      if (!api.list().getGroupIds().contains(RaftNode.CATALOG_GROUP_ID)) {
        return new PeerView(peer, PeerState.NO_CATALOG, List.of(), null);
      }
      GroupInfoReply info = api.info(RaftNode.CATALOG_GROUP_ID);
      if (!info.isSuccess()) {
        return unreachable(peer, info.getException());
      }
      return new PeerView(peer, hasHistory(info.getLogInfoProto())
          ? PeerState.CATALOG_WITH_HISTORY : PeerState.CATALOG_WITHOUT_HISTORY,
          List.copyOf(info.getGroup().getPeers()), leader(peer, info.getRoleInfoProto()));
    } catch (IOException | RuntimeException e) {
      return unreachable(peer, e);
    }
  }

  private static PeerView unreachable(RaftPeer peer, Throwable e) {
    PeerState state = e != null && Causes.has(e, GroupMismatchException.class)
        ? PeerState.NO_CATALOG : PeerState.UNREACHABLE;
    return new PeerView(peer, state, List.of(), null);
  }

  /** Any entry, commit or snapshot: a leader was elected at least once. */
  private static boolean hasHistory(LogInfoProto log) {
    return log != null && (log.hasCommitted() || log.hasLastEntry() || log.hasLastSnapshot());
  }

  private static RaftPeerId leader(RaftPeer peer, RoleInfoProto role) {
    if (role == null) {
      return null;
    }
    if (role.getRole() == RaftPeerRole.LEADER) {
      return peer.getId();
    }
    if (role.hasFollowerInfo() && !role.getFollowerInfo().getLeaderInfo().getId().getId()
        .isEmpty()) {
      return RaftPeerId.valueOf(role.getFollowerInfo().getLeaderInfo().getId().getId());
    }
    return null;
  }

  /** A host of the catalog, one with history first, whose members the client will ask. */
  private static Optional<PeerView> host(List<PeerView> views) {
    return views.stream().filter(v -> v.state() == PeerState.CATALOG_WITH_HISTORY).findFirst()
        .or(() -> views.stream().filter(v -> v.state() == PeerState.CATALOG_WITHOUT_HISTORY)
            .findFirst());
  }

  /** A client of the catalog's members as the host knows them, without this node. */
  private RaftClient catalogClient(PeerView host) {
    List<RaftPeer> members = host.catalogPeers().stream()
        .filter(p -> !p.getId().toString().equals(selfId)).toList();
    if (members.isEmpty()) {
      members = List.of(host.peer());
    }
    RaftGroup group = RaftGroup.valueOf(RaftNode.CATALOG_GROUP_ID, members);
    RaftPeerId leader = host.leader() != null && group.getPeer(host.leader()) != null
        ? host.leader() : null;
    return client(group, leader, RetryPolicies.retryUpToMaximumCountWithFixedSleep(5,
        TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)));
  }

  private static RaftClient client(RaftGroup group, RaftPeerId leader, RetryPolicy retry) {
    RaftClient.Builder builder = RaftClient.newBuilder()
        .setRaftGroup(group)
        .setProperties(RaftSettings.client(TIMEOUT_MS))
        .setParameters(new Parameters())
        .setRetryPolicy(retry);
    if (leader != null) {
      builder.setLeaderId(leader);
    }
    return builder.build();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
