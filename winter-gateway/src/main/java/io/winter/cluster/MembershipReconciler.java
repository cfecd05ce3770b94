package io.winter.cluster;

import static io.winter.cluster.ReplicaMover.check;
import static io.winter.cluster.ReplicaMover.hasReplica;
import static io.winter.cluster.ReplicaMover.ids;

import io.winter.cluster.discovery.PeerAddress;
import io.winter.cluster.discovery.PeerDiscovery;
import io.winter.proto.TableEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the catalog's leader, keeps the cluster true to DNS (or WINTER_PEERS): adds new nodes to
 * the catalog, moves replicas off nodes that have been gone and unreachable for the grace
 * period and then removes those nodes, and moves one replica per round from the fullest node to
 * the emptiest. Every membership change goes through Ratis setConfiguration, one at a time.
 */
public final class MembershipReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipReconciler.class);

  private final RaftNode node;
  private final RaftClients clients;
  private final PeerDiscovery discovery;
  private final Duration deadPeerGrace;
  private final ReplicaMover mover;
  private final Map<String, Long> missingSince = new HashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "winter-reconciler");
    t.setDaemon(true);
    return t;
  });

  public MembershipReconciler(RaftNode node, RaftClients clients, RaftStore store,
                              PeerDiscovery discovery, Duration interval, Duration deadPeerGrace) {
    this.node = node;
    this.clients = clients;
    this.discovery = discovery;
    this.deadPeerGrace = deadPeerGrace;
    this.mover = new ReplicaMover(node, clients, store);
    long ms = Math.max(100, interval.toMillis());
    timer.scheduleWithFixedDelay(this::reconcileQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void reconcileQuietly() {
    try {
      if (node.isCatalogLeader()) {
        reconcile();
      } else {
        missingSince.clear();
      }
    } catch (Exception e) {
      LOG.warn("reconciliation round failed: {}", e.toString());
      LOG.debug("reconciliation round failed", e);
    }
  }

  /** One round: at most one join, the moves for one departed node, or one rebalancing move. */
  void reconcile() throws IOException {
    List<PeerAddress> desired = discovery.discover();
    if (desired.isEmpty()) {
      return; // DNS said nothing: never read that as "every node left"
    }
    List<RaftPeer> members = node.catalogPeers();
    Set<String> memberIds = ids(members);
    Set<String> desiredIds = new HashSet<>();
    desired.forEach(d -> desiredIds.add(d.id()));

    for (PeerAddress d : desired) {
      if (!memberIds.contains(d.id())) {
        join(ClusterBootstrap.peer(d.id(), d.address()), members);
        return;
      }
    }
    long now = System.currentTimeMillis();
    missingSince.keySet().retainAll(memberIds);
    missingSince.keySet().removeAll(desiredIds);
    for (RaftPeer m : members) {
      String id = m.getId().toString();
      if (!desiredIds.contains(id) && !m.getId().equals(node.self().getId())) {
        missingSince.putIfAbsent(id, now);
        if (now - missingSince.get(id) >= deadPeerGrace.toMillis() && unreachable(id)) {
          evacuate(m, members, desiredIds);
          return;
        }
      }
    }
    if (missingSince.isEmpty()) {
      rebalance(members.stream().filter(m -> desiredIds.contains(m.getId().toString()))
          .toList());
    }
  }

  /** Adds a node to the catalog: an empty catalog group on it first, then the new conf. */
  private void join(RaftPeer newcomer, List<RaftPeer> members) throws IOException {
    LOG.info("adding node {} ({}) to the cluster", newcomer.getId(), newcomer.getAddress());
    addEmptyGroup(newcomer, RaftNode.CATALOG_GROUP_ID);
    List<RaftPeer> next = new ArrayList<>(members);
    next.add(newcomer);
    check(clients.get(node.catalogGroup()).admin().setConfiguration(next), "catalog conf");
  }

  /**
   * Re-creates every replica of a departed node on live nodes, then removes the node. The node
   * leaves the catalog only once no table lists it.
   */
  private void evacuate(RaftPeer departed, List<RaftPeer> members, Set<String> desiredIds)
      throws IOException {
    String id = departed.getId().toString();
    List<RaftPeer> targets = members.stream()
        .filter(m -> !m.getId().equals(departed.getId()))
        .filter(m -> desiredIds.contains(m.getId().toString()))
        .toList();
    if (!mover.moveAllOff(id, targets, members)) {
      return;
    }
    LOG.info("removing node {} from the cluster after {} gone and unreachable", id,
        deadPeerGrace);
    List<RaftPeer> live = members.stream().filter(m -> !m.getId().equals(departed.getId()))
        .toList();
    check(clients.get(node.catalogGroup()).admin().setConfiguration(live), "catalog conf");
    missingSince.remove(id);
  }

  /** Moves one replica from the node holding most to the node holding fewest, if uneven. */
  private void rebalance(List<RaftPeer> members) throws IOException {
    Map<String, Integer> counts = Placement.replicaCounts(node.catalog().localTables());
    RaftPeer most = null;
    RaftPeer fewest = null;
    for (RaftPeer m : members) {
      int c = counts.getOrDefault(m.getId().toString(), 0);
      if (most == null || c > counts.getOrDefault(most.getId().toString(), 0)) {
        most = m;
      }
      if (fewest == null || c < counts.getOrDefault(fewest.getId().toString(), 0)) {
        fewest = m;
      }
    }
    if (most == null || counts.getOrDefault(most.getId().toString(), 0)
        - counts.getOrDefault(fewest.getId().toString(), 0) < 2) {
      return;
    }
    String from = most.getId().toString();
    String to = fewest.getId().toString();
    for (TableEntry table : node.catalog().localTables()) {
      if (hasReplica(table, from) && !hasReplica(table, to)) {
        LOG.info("rebalancing table {}: replica from {} to {}", table.getName(), from, to);
        mover.move(table, from, fewest);
        return;
      }
    }
  }

  private void addEmptyGroup(RaftPeer peer, org.apache.ratis.protocol.RaftGroupId groupId)
      throws IOException {
    try (RaftClient client = RaftClient.newBuilder()
        .setRaftGroup(RaftGroup.valueOf(groupId, peer))
        .setProperties(RaftSettings.client(5000))
        .setParameters(new org.apache.ratis.conf.Parameters())
        .build()) {
      check(client.getGroupManagementApi(peer.getId()).add(RaftGroup.valueOf(groupId)),
          "adding group on " + peer.getId());
    } catch (AlreadyExistsException e) {
      LOG.debug("{} already has group {}", peer.getId(), groupId);
    }
  }

  /** Whether the catalog leader has heard nothing from the node for the grace period. */
  private boolean unreachable(String id) {
    try {
      RoleInfoProto role = node.server().getDivision(RaftNode.CATALOG_GROUP_ID).getInfo()
          .getRoleInfoProto();
      if (!role.hasLeaderInfo()) {
        return false;
      }
      for (ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
        if (follower.getId().getId().toStringUtf8().equals(id)) {
          return follower.getLastRpcElapsedTimeMs() >= deadPeerGrace.toMillis();
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
