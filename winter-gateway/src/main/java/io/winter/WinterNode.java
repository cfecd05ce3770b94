package io.winter;

import io.winter.cluster.ExpirySweeper;
import io.winter.cluster.NodeIdentity;
import io.winter.cluster.RaftClients;
import io.winter.cluster.RaftNode;
import io.winter.cluster.RaftStore;
import io.winter.command.CommandExecutor;
import io.winter.command.ParserLimits;
import io.winter.config.Settings;
import io.winter.config.WinterConfig;
import io.winter.gateway.GatewayServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Winter node: its Raft server, its store and its text-protocol gateway. */
public final class WinterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WinterNode.class);

  private final RaftNode raft;
  private final RaftClients clients;
  private final RaftStore store;
  private final ExpirySweeper sweeper;
  private final GatewayServer gateway;

  private WinterNode(WinterConfig config) throws IOException, InterruptedException {
    File dataDir = new File(config.get(Settings.DATA_DIR));
    String nodeId = NodeIdentity.resolve(dataDir, config.get(Settings.NODE_ID));
    String bind = config.get(Settings.BIND);
    String advertise = isWildcard(bind) ? "127.0.0.1" : bind;
    this.raft = RaftNode.start(new RaftNode.Options(dataDir, nodeId, bind, advertise,
        config.get(Settings.RAFT_PORT), config.get(Settings.SNAPSHOT_THRESHOLD)));
    int timeoutMs = config.get(Settings.REQUEST_TIMEOUT_MS);
    this.clients = new RaftClients(timeoutMs);
    this.store = new RaftStore(raft, clients, config.get(Settings.MAX_TABLES), timeoutMs);
    raft.replicas().start(raft.server(), clients::forget);
    removeOrphanGroups();
    this.sweeper = new ExpirySweeper(raft, store, config.get(Settings.EXPIRY_SWEEP_MS));
    CommandExecutor executor = new CommandExecutor(store, timeoutMs,
        config.get(Settings.MAX_TABLES));
    GatewayServer.Limits limits = new GatewayServer.Limits(
        config.get(Settings.MAX_LINE_BYTES),
        new ParserLimits(config.get(Settings.MAX_KEY_BYTES), config.get(Settings.MAX_VALUE_BYTES),
            config.get(Settings.MAX_TABLE_NAME_BYTES)),
        config.get(Settings.MAX_CONNECTIONS),
        config.get(Settings.MAX_PIPELINE));
    this.gateway = GatewayServer.start(bind, config.get(Settings.RECEPTOR_PORT), limits, executor);
  }

  public static WinterNode start(WinterConfig config) throws IOException, InterruptedException {
    return new WinterNode(config);
  }

  public InetSocketAddress clientAddress() {
    return gateway.localAddress();
  }

  /**
   * Removes table groups on disk that the catalog no longer lists (a DROP this node missed
   * while it was down). Retried in the background until the catalog answers.
   */
  private void removeOrphanGroups() throws IOException {
    Set<RaftGroupId> candidates = raft.tableGroupIds();
    if (candidates.isEmpty()) {
      return;
    }
    store.listEntries()
        .thenCompose(known -> raft.replicas().removeOrphans(candidates, known))
        .whenComplete((v, e) -> {
          if (e != null) {
            LOG.info("catalog not reachable yet to check local groups; retrying");
            CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(() -> {
              try {
                removeOrphanGroups();
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

  /** Stops accepting clients, then stops replication; data stays on disk for the next start. */
  @Override
  public void close() {
    gateway.close();
    sweeper.close();
    clients.close();
    try {
      raft.close();
    } catch (IOException e) {
      LOG.warn("closing the Raft server failed", e);
    }
  }
}
