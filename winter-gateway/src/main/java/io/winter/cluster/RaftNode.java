package io.winter.cluster;

import io.winter.statemachine.CatalogStateMachine;
import io.winter.statemachine.TableStateMachine;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's Ratis server, hosting the catalog group and this node's replicas of table groups,
 * all stored under the data directory and recovered from it on restart.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

  /** The catalog's group id: fixed, so every node and every restart agree on it. */
  public static final RaftGroupId CATALOG_GROUP_ID = RaftGroupId.valueOf(
      UUID.nameUUIDFromBytes("winter-catalog".getBytes(StandardCharsets.UTF_8)));

  private final RaftPeer self;
  private final RaftServer server;
  private final CatalogStateMachine catalog;
  private final LocalReplicas replicas;
  private final ExecutorService snapshotWriter;

  /**
   * Where and how this node runs.
   *
   * @param initialCatalogPeers the members that form the catalog as the server starts, on a
   *     single node's very first start; empty otherwise (a node of a cluster founds the catalog
   *     later with {@link #foundCatalog}, or the catalog's leader adds it)
   * @param requestTimeoutMs how long a client command may take, retries included
   * @param soleNode the node runs alone (no peers, no DNS discovery)
   */
  public record Options(File dataDir, RaftPeer self, List<RaftPeer> initialCatalogPeers,
                        String bindHost, int raftPort, int snapshotThreshold,
                        int maxEntryBytes, long requestTimeoutMs, boolean soleNode) {}

  private RaftNode(Options options) throws IOException {
    File raftDir = raftDir(options.dataDir());
    if (!raftDir.isDirectory() && !raftDir.mkdirs()) {
      throw new IOException("cannot create data directory " + raftDir);
    }
    this.self = options.self();
    RaftPeerId id = self.getId();
    this.replicas = new LocalReplicas(id,
        LocalReplicas.droppedReplicaGrace(options.requestTimeoutMs()));
    this.catalog = new CatalogStateMachine(replicas);
    replicas.readCatalogWith(catalog::localLookup);
    replicas.listTablesWith(catalog::localTables);
    replicas.askGroupLeadersAmong(this::catalogPeers);
    this.snapshotWriter = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "winter-snapshot-writer");
      t.setDaemon(true);
      return t;
    });
    RaftProperties properties = RaftSettings.server(raftDir, options.bindHost(),
        options.raftPort(), options.snapshotThreshold(), options.maxEntryBytes(),
        options.soleNode());
    RaftServer.Builder builder = RaftServer.newBuilder()
        .setServerId(id)
        .setProperties(properties)
        .setStateMachineRegistry(this::stateMachineFor)
        .setOption(RaftStorage.StartupOption.RECOVER);
    if (!hasCatalogStorage(options.dataDir()) && !options.initialCatalogPeers().isEmpty()) {
      builder.setGroup(RaftGroup.valueOf(CATALOG_GROUP_ID, options.initialCatalogPeers()));
    }
    this.server = builder.build();
  }

  private static File raftDir(File dataDir) {
    return new File(dataDir, "raft");
  }

  /** Whether this data directory already holds the catalog (the node has been a member). */
  public static boolean hasCatalogStorage(File dataDir) {
    return new File(raftDir(dataDir), CATALOG_GROUP_ID.getUuid().toString()).isDirectory();
  }

  /** Builds and starts the server; every group found on disk is recovered. */
  public static RaftNode start(Options options) throws IOException {
    RaftNode node = new RaftNode(options);
    node.server.start();
    LOG.info("node {} serving Raft on {}", node.self.getId(), node.self.getAddress());
    return node;
  }

  /**
   * Forms the catalog group with the founding members, on a cluster's first start, in a server
   * started without groups (it first had to find out that no cluster exists yet).
   */
  public void foundCatalog(List<RaftPeer> founders) throws IOException {
    try {
      RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(
          ClientId.randomId(), self.getId(), 0, RaftGroup.valueOf(CATALOG_GROUP_ID, founders)));
      if (!reply.isSuccess()) {
        throw reply.getException() != null ? reply.getException()
            : new IOException("founding the catalog failed");
      }
    } catch (AlreadyExistsException e) {
      LOG.info("the catalog group exists already: the cluster added this node meanwhile");
    }
  }

  private org.apache.ratis.statemachine.StateMachine stateMachineFor(RaftGroupId groupId) {
    if (groupId.equals(CATALOG_GROUP_ID)) {
      return catalog;
    }
    return new TableStateMachine(snapshotWriter);
  }

  public RaftPeer self() {
    return self;
  }

  /** The catalog group as this node knows it now (no peers before the node has joined). */
  public RaftGroup catalogGroup() {
    return RaftGroup.valueOf(CATALOG_GROUP_ID, catalogPeers());
  }

  /** The catalog's current members: every node of the cluster. */
  public List<RaftPeer> catalogPeers() {
    try {
      return List.copyOf(server.getDivision(CATALOG_GROUP_ID).getRaftConf().getCurrentPeers());
    } catch (IOException e) {
      return List.of();
    }
  }

  public boolean hasCatalog() {
    try {
      server.getDivision(CATALOG_GROUP_ID);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public boolean isCatalogLeader() {
    return isLeader(CATALOG_GROUP_ID);
  }

  public RaftServer server() {
    return server;
  }

  public CatalogStateMachine catalog() {
    return catalog;
  }

  public LocalReplicas replicas() {
    return replicas;
  }

  /** The table groups this node holds now. */
  public Set<RaftGroupId> tableGroupIds() throws IOException {
    Set<RaftGroupId> ids = new HashSet<>();
    for (RaftGroupId id : server.getGroupIds()) {
      if (!id.equals(CATALOG_GROUP_ID)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** The state machine of a local table replica, or null when this node holds none. */
  public TableStateMachine tableStateMachine(RaftGroupId groupId) {
    try {
      return (TableStateMachine) server.getDivision(groupId).getStateMachine();
    } catch (IOException e) {
      return null;
    }
  }

  /** The leader this node's replica of the group knows, or null (no replica, no leader). */
  public RaftPeerId knownLeader(RaftGroupId groupId) {
    try {
      return server.getDivision(groupId).getInfo().getLeaderId();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public boolean isLeader(RaftGroupId groupId) {
    try {
      return server.getDivision(groupId).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    replicas.close();
    server.close();
    snapshotWriter.shutdown();
    try {
      snapshotWriter.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
