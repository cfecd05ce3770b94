package io.winter;

import io.winter.cluster.CatalogProbe;
import io.winter.cluster.ClusterBootstrap;
import io.winter.cluster.DeferredStore;
import io.winter.cluster.ExpirySweeper;
import io.winter.cluster.DroppedTableCleanup;
import io.winter.cluster.IdentityCheck;
import io.winter.cluster.IncarnationRegistrar;
import io.winter.cluster.LeadershipHandoff;
import io.winter.cluster.MembershipReconciler;
import io.winter.cluster.NodeIdentity;
import io.winter.cluster.RaftClients;
import io.winter.cluster.RaftNode;
import io.winter.cluster.RaftStore;
import io.winter.cluster.discovery.PeerDiscovery;
import io.winter.cluster.discovery.StaticPeerDiscovery;
import io.winter.command.CommandExecutor;
import io.winter.command.ParserLimits;
import io.winter.config.Settings;
import io.winter.config.WinterConfig;
import io.winter.gateway.GatewayServer;
import io.winter.metrics.NodeMetrics;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Winter node: its text-protocol gateway, its Raft server and store, and, in a
 * cluster, its part in membership. A node that starts without Raft state in a cluster must
 * first find out whether its cluster exists and knows it (and, in DNS mode, wait for it to
 * form): it serves the protocol meanwhile, answering commands with "unavailable".
 */
public final class WinterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WinterNode.class);
  /** How often a sealed group's leader checks that its table left the catalog. */
  private static final long DROP_FINISH_PERIOD_MS = 2000;

  private final WinterConfig config;
  private final File dataDir;
  private final String nodeId;
  private final String incarnation;
  private final String bind;
  private final PeerDiscovery discovery;
  private final RaftClients clients;
  private final DeferredStore store = new DeferredStore();
  private final GatewayServer gateway;
  private final Thread bootstrap;
  private volatile Replication replication;
  /** The Raft server of a node still checking its identity, before replication starts. */
  private volatile RaftNode starting;
  private final NodeMetrics metrics;

  /** The parts that exist once the node's Raft server runs. */
  private record Replication(RaftNode raft, RaftStore store, ExpirySweeper sweeper,
                             DroppedTableCleanup droppedTables,
                             MembershipReconciler reconciler, IncarnationRegistrar registrar) {}

  private WinterNode(WinterConfig config) throws IOException, InterruptedException {
    this.config = config;
    this.dataDir = new File(config.get(Settings.DATA_DIR));
    this.nodeId = NodeIdentity.resolve(dataDir, config.get(Settings.NODE_ID));
    boolean hasRaftState = RaftNode.hasCatalogStorage(dataDir);
    this.incarnation = NodeIdentity.incarnation(dataDir, hasRaftState);
    boolean distributed = config.get(Settings.IS_DISTRIBUTED);
    this.bind = config.isSet(Settings.BIND) || !distributed ? config.get(Settings.BIND) : "0.0.0.0";
    this.discovery = PeerDiscoveries.from(config);
    this.clients = new RaftClients(config.get(Settings.REQUEST_TIMEOUT_MS));
    // First, so /livez answers while a long log replay runs and /readyz tells it is not done.
    this.metrics = NodeMetrics.start(config, bind, nodeId, this::raft, store::waitingFor);

    if (discovery != null && !hasRaftState) {
      // Static peers need no waiting for DNS: the Raft server runs before clients connect,
      // as it does on a node with its data; only the identity check goes to the background.
      ClusterBootstrap.Plan plan = discovery instanceof StaticPeerDiscovery
          ? ClusterBootstrap.fromStaticPeers(nodeId, discovery.discover(), advertisedAddress())
          : null;
      if (plan != null) {
        starting = startRaft(new ClusterBootstrap.Plan(plan.self(), List.of()));
      }
      this.gateway = startGateway();
      this.bootstrap = new Thread(() -> bootstrap(plan), "winter-bootstrap");
      this.bootstrap.setDaemon(true);
      this.bootstrap.start();
    } else {
      ClusterBootstrap.Plan plan = discovery == null
          ? ClusterBootstrap.single(nodeId, advertisedAddress())
          : new ClusterBootstrap.Plan(ClusterBootstrap.peer(nodeId, advertisedAddress()),
              List.of());
      startReplication(startRaft(plan));
      this.bootstrap = null;
      this.gateway = startGateway();
    }
  }

  public static WinterNode start(WinterConfig config) throws IOException, InterruptedException {
    return new WinterNode(config);
  }

  public InetSocketAddress clientAddress() {
    return gateway.localAddress();
  }

  /** This node's Raft server and catalog replica, or null while the cluster is forming. */
  public RaftNode raft() {
    Replication r = replication;
    return r == null ? null : r.raft();
  }

  /** The address other nodes use for this one, when it is not taken from DNS or the peers. */
  private String advertisedAddress() {
    String host = config.get(Settings.ADVERTISE_HOST);
    if (host.isEmpty()) {
      host = isWildcard(bind) ? "127.0.0.1" : bind;
    }
    return host + ":" + config.get(Settings.RAFT_PORT);
  }

  /**
   * The start of a node without Raft state in a cluster: its plan (DNS mode waits for the
   * founders) and its Raft server without groups, unless made already, then the identity check
   * that decides whether it founds the catalog, joins as a new member, or first retires the
   * incarnation it replaces.
   */
  private void bootstrap(ClusterBootstrap.Plan staticPlan) {
    try (CatalogProbe probe = new CatalogProbe(nodeId)) {
      ClusterBootstrap.Plan plan = staticPlan != null ? staticPlan
          : ClusterBootstrap.fromDns(nodeId, config.get(Settings.DNS_APPLICATION_NAME),
              config.get(Settings.BOOTSTRAP_EXPECT), discovery,
              config.isSet(Settings.ADVERTISE_HOST) ? advertisedAddress() : null,
              store::waitingFor,
              others -> probe.probe(others).peers()
                  .containsValue(CatalogProbe.PeerState.CATALOG_WITH_HISTORY));
      if (starting == null) {
        starting = startRaft(new ClusterBootstrap.Plan(plan.self(), List.of()));
      }
      RaftNode raft = starting;
      new IdentityCheck(nodeId, incarnation, plan.initialCatalogPeers(), discovery, probe)
          .settle(raft, store::waitingFor);
      startReplication(raft);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.error("joining the cluster failed", e);
      store.waitingFor("this node failed to start replication: " + e.getMessage());
    }
  }

  private RaftNode startRaft(ClusterBootstrap.Plan plan) throws IOException {
    return RaftNode.start(new RaftNode.Options(dataDir, plan.self(), plan.initialCatalogPeers(),
        bind, config.get(Settings.RAFT_PORT), config.get(Settings.SNAPSHOT_THRESHOLD),
        maxEntryBytes(), config.get(Settings.REQUEST_TIMEOUT_MS), discovery == null));
  }

  private void startReplication(RaftNode raft) throws IOException {
    RaftStore raftStore = new RaftStore(raft, clients, config.get(Settings.MAX_TABLES),
        config.get(Settings.REPLICATION), config.get(Settings.REQUEST_TIMEOUT_MS));
    raft.replicas().start(raft.server(), clients::forget);
    clients.useLeaderHints(raft::knownLeader);
    ExpirySweeper sweeper = new ExpirySweeper(raft, raftStore,
        config.get(Settings.EXPIRY_SWEEP_MS));
    DroppedTableCleanup droppedTables = new DroppedTableCleanup(raft, raftStore,
        DROP_FINISH_PERIOD_MS);
    MembershipReconciler reconciler = discovery == null ? null
        : new MembershipReconciler(raft, clients, raftStore, discovery,
            config.get(Settings.RECONCILE_INTERVAL), config.get(Settings.DEAD_PEER_GRACE));
    if (reconciler != null) {
      raftStore.placeOnlyOn(reconciler::listedIds);
    }
    IncarnationRegistrar registrar = new IncarnationRegistrar(raft, raftStore, incarnation);
    replication = new Replication(raft, raftStore, sweeper, droppedTables, reconciler,
        registrar);
    store.waitingFor("this node has not joined the cluster yet");
    store.ready(raftStore);
    removeOrphanGroups(raft, raftStore);
  }

  /** The largest Raft entry a command makes: a PUTNEW of the longest key and value. */
  private int maxEntryBytes() {
    long bytes = (long) config.get(Settings.MAX_VALUE_BYTES) + config.get(Settings.MAX_KEY_BYTES)
        + 64 * 1024;
    return (int) Math.min(bytes, Integer.MAX_VALUE - 8);
  }

  private GatewayServer startGateway() throws InterruptedException {
    int timeoutMs = config.get(Settings.REQUEST_TIMEOUT_MS);
    CommandExecutor executor = new CommandExecutor(store, timeoutMs,
        config.get(Settings.MAX_TABLES), metrics.gateway());
    GatewayServer.Limits limits = new GatewayServer.Limits(
        config.get(Settings.MAX_LINE_BYTES),
        new ParserLimits(config.get(Settings.MAX_KEY_BYTES), config.get(Settings.MAX_VALUE_BYTES),
            config.get(Settings.MAX_TABLE_NAME_BYTES)),
        config.get(Settings.MAX_CONNECTIONS),
        config.get(Settings.MAX_PIPELINE));
    return GatewayServer.start(bind, config.get(Settings.RECEPTOR_PORT), limits,
        config.get(Settings.IO_THREADS), executor, metrics.gateway());
  }

  /** The store on Ratis once replication has started, else null. */
  public RaftStore store() {
    Replication r = replication;
    return r == null ? null : r.store();
  }

  /** Where /metrics, /livez and /readyz are served. */
  public InetSocketAddress metricsAddress() {
    return metrics.address();
  }

  /**
   * Removes table groups on disk that the catalog no longer lists (a DROP this node missed
   * while it was down). Retried in the background until the catalog answers.
   */
  private void removeOrphanGroups(RaftNode raft, RaftStore raftStore) throws IOException {
    Set<RaftGroupId> candidates = raft.tableGroupIds();
    if (candidates.isEmpty()) {
      return;
    }
    raftStore.listEntries()
        .thenCompose(known -> raft.replicas().removeOrphans(candidates, known))
        .whenComplete((v, e) -> {
          if (e != null) {
            LOG.info("catalog not reachable yet to check local groups; retrying");
            CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(() -> {
              try {
                removeOrphanGroups(raft, raftStore);
              } catch (IOException io) {
                LOG.warn("listing local groups failed", io);
              }
            });
          }
        });
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /**
   * Hands leadership of every group this node leads to another member, stops accepting
   * clients, then stops replication. The cluster's membership is left as it is: a restart
   * rejoins with the data on disk.
   */
  @Override
  public void close() {
    metrics.stopping();
    if (bootstrap != null) {
      bootstrap.interrupt();
      try {
        bootstrap.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Replication r = replication;
    if (r != null) {
      LeadershipHandoff.handOverEverywhere(r.raft(), Duration.ofSeconds(5));
    }
    gateway.close();
    if (r != null) {
      if (r.reconciler() != null) {
        r.reconciler().close();
      }
      r.sweeper().close();
      r.droppedTables().close();
      r.registrar().close();
    }
    clients.close();
    if (discovery != null) {
      try {
        discovery.close();
      } catch (Exception e) {
        LOG.debug("closing discovery failed", e);
      }
    }
    RaftNode raft = r != null ? r.raft() : starting;
    if (raft != null) {
      try {
        raft.close();
      } catch (IOException e) {
        LOG.warn("closing the Raft server failed", e);
      }
    }
    metrics.close();
  }
}
