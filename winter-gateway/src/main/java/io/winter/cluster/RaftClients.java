package io.winter.cluster;

import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis clients of a node, two per group, created on first use: one for writes and one for
 * the rest (reads, configuration changes). Each has its own RPC because an ordered gRPC stream
 * of Ratis is bound to the first group it carries.
 *
 * <p>Why two: a Ratis client sends writes on an ordered stream whose first request marks its
 * start at the leader. When a read finds a new leader, the client moves to it without starting
 * that stream over, and the next write waits out a whole try at the new, live leader (which
 * waits for the stream's start it never got). A read on its own client moves only that client.
 */
public final class RaftClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftClients.class);
  private static final long RETRY_SLEEP_MS = 100;

  private final RaftProperties properties;
  private final RaftProperties catalogProperties;
  private final RetryPolicy retryPolicy;
  private final Map<ClientKey, GroupClient> clients = new ConcurrentHashMap<>();
  private final Set<ClientKey> startAnywhere = ConcurrentHashMap.newKeySet();
  private volatile java.util.function.Function<RaftGroupId, RaftPeerId> leaderHints = id -> null;
  /** Replaced clients waiting for their last requests; closed by {@link #closer}. */
  private final Set<RaftClient> retired = ConcurrentHashMap.newKeySet();
  /** Closing a client may wait seconds for its channels: never on a shared pool's thread. */
  private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "winter-raft-client-closer");
    t.setDaemon(true);
    return t;
  });
  /**
   * Drops connections to failed peers (see {@link BackgroundReconnectRpc}). A few threads: a
   * peer cut off makes every group's client that used it drop a connection, each waiting
   * seconds, and nothing waits for them.
   */
  private final ExecutorService reconnects = reconnectPool();
  private final long retireAfterMs;
  private final ReplicaStarter replicaStarter;

  /** A group's client for writes (ordered) or for everything else. */
  private record ClientKey(RaftGroupId group, boolean writes) {
    static List<ClientKey> both(RaftGroupId group) {
      return List.of(new ClientKey(group, true), new ClientKey(group, false));
    }
  }

  private record GroupClient(RaftGroup group, RaftClient client, long createdNanos) {
    GroupClient(RaftGroup group, RaftClient client) {
      this(group, client, System.nanoTime());
    }

    /** Too new to replace: it may still be finding its way to the leader. */
    boolean isYoung() {
      return System.nanoTime() - createdNanos < MIN_REPLACE_AGE_NANOS;
    }
  }

  /** A client younger than this is never replaced for a failure: it cannot be the stuck one. */
  private static final long MIN_REPLACE_AGE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static ExecutorService reconnectPool() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "winter-raft-reconnect");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  public RaftClients(int requestTimeoutMs) {
    this.properties = RaftSettings.client(requestTimeoutMs);
    this.catalogProperties = RaftSettings.catalogClient(requestTimeoutMs);
    this.retireAfterMs = 2L * requestTimeoutMs;
    // one try each: a start that fails is left to the node's own catalog
    this.replicaStarter = new ReplicaStarter(peer -> build(
        RaftGroup.valueOf(RaftGroupId.randomId(), peer), null, RetryPolicies.noRetry()),
        requestTimeoutMs);
    this.retryPolicy = RetryPolicies.retryUpToMaximumCountWithFixedSleep(
        (int) Math.max(1, requestTimeoutMs / RETRY_SLEEP_MS),
        TimeDuration.valueOf(RETRY_SLEEP_MS, TimeUnit.MILLISECONDS));
  }

  /**
   * The client of a group's writes, with the given members. When the members differ from those
   * of the existing client (a replica moved), a new client replaces it.
   */
  public RaftClient get(RaftGroup group) {
    return get(new ClientKey(group.getGroupId(), true), group);
  }

  /** The client of a group's reads and configuration changes (see the class comment). */
  public RaftClient unordered(RaftGroup group) {
    return get(new ClientKey(group.getGroupId(), false), group);
  }

  /**
   * The client of a group's reads, moved to {@code leader} (the leader this node's replica
   * knows; null: not known) when it points at another peer. A Ratis follower answers a
   * linearizable read itself: it asks the leader for a read index, then waits until it has
   * applied that far (until the leader's next append or heartbeat tells it the commit), and it
   * never tells the client where the leader is. So a client of reads left at a former leader
   * (leadership moved by an election or by LeaderBalancer), or started at a follower, would
   * read through that follower for good, a hop and a wait more per read.
   */
  public RaftClient reads(RaftGroup group, RaftPeerId leader) {
    ClientKey key = new ClientKey(group.getGroupId(), false);
    RaftClient client = get(key, group);
    if (leader == null || leader.equals(client.getLeaderId()) || group.getPeer(leader) == null) {
      return client;
    }
    GroupClient current = clients.get(key);
    if (current == null || current.client() != client || current.isYoung()) {
      return client; // a young client may still be finding its way: not one per read
    }
    GroupClient fresh = new GroupClient(group, build(group, leader));
    if (!clients.replace(key, current, fresh)) {
      closeQuietly(fresh.client());
      return client;
    }
    LOG.debug("group {}: its Raft client of reads moves from {} to the leader {}",
        group.getGroupId(), client.getLeaderId(), leader);
    retire(current);
    return fresh.client();
  }

  private RaftClient get(ClientKey key, RaftGroup group) {
    GroupClient current = clients.get(key);
    if (current != null && samePeers(current.group(), group)) {
      return current.client();
    }
    GroupClient fresh = new GroupClient(group, build(key, group));
    GroupClient winner = clients.compute(key, (id, existing) ->
        existing != null && existing != current && samePeers(existing.group(), group)
            ? existing : fresh);
    if (winner != fresh) {
      closeQuietly(fresh.client());
    } else if (current != null) {
      retire(current);
    }
    return winner.client();
  }

  private static boolean samePeers(RaftGroup a, RaftGroup b) {
    return new java.util.HashSet<>(a.getPeers()).equals(new java.util.HashSet<>(b.getPeers()));
  }

  /** The client of a table's writes. */
  public RaftClient table(TableEntry table) {
    return get(toGroup(table));
  }

  /** The client of a table's reads and configuration changes. */
  public RaftClient tableUnordered(TableEntry table) {
    return unordered(toGroup(table));
  }

  /**
   * Replaces the client of a group after a peer it asked did not host the group (a node
   * restarted without its data, or a replica moved away): Ratis does not try the other peers
   * then, so the new client starts from a random one instead of the same first guess.
   */
  public void mismatched(RaftGroupId groupId) {
    startAnywhere.addAll(ClientKey.both(groupId));
    forget(groupId);
  }

  /**
   * Replaces the client of a group after a request on it failed, unless the client is new:
   * requests that failed together (hundreds, when a pipelining client's reads time out at once)
   * would otherwise close each other's fresh clients in turn, and every request still on them
   * would fail too.
   */
  public void replaceAfterFailure(RaftGroupId groupId, Throwable cause) {
    for (ClientKey key : ClientKey.both(groupId)) {
      GroupClient current = clients.get(key);
      if (current != null && !current.isYoung() && clients.remove(key, current)) {
        LOG.info("group {}: replacing its Raft client of {} after a failed request: {}", groupId,
            key.writes() ? "writes" : "reads", cause.toString());
        retire(current);
      }
    }
  }

  /**
   * Closes a replaced client once the requests still in flight on it had their time: closing
   * it at once would fail all of them (hundreds, behind a pipelining client) with
   * AlreadyClosedException, each a reply the user sees as an error.
   */
  private void retire(GroupClient old) {
    retired.add(old.client());
    CompletableFuture.delayedExecutor(retireAfterMs, TimeUnit.MILLISECONDS, closer).execute(() -> {
      if (retired.remove(old.client())) {
        closeQuietly(old.client());
      }
    });
  }

  /** Closes and forgets the client of a group that is gone. */
  public void forget(RaftGroupId groupId) {
    for (ClientKey key : ClientKey.both(groupId)) {
      GroupClient client = clients.remove(key);
      if (client != null) {
        closeQuietly(client.client());
      }
    }
  }

  /**
   * Where new clients learn a group's current leader: this node's own replica of the group
   * knows it. Without a hint a client starts with the first listed peer, which after a crash
   * or during a partition may be the one that cannot answer.
   */
  public void useLeaderHints(java.util.function.Function<RaftGroupId, RaftPeerId> hints) {
    this.leaderHints = hints;
  }

  /**
   * Asks every node a new table places a replica on to add it now, not when that node's copy
   * of the catalog gets there (see {@link ReplicaStarter}).
   */
  public void startReplicas(TableEntry table) {
    RaftGroup group = toGroup(table);
    group.getPeers().forEach(peer -> replicaStarter.start(peer, group));
  }

  /** A new client that starts with the given leader; the caller closes it. */
  public RaftClient oneOff(RaftGroup group, RaftPeerId leader) {
    return build(group, leader);
  }

  private RaftClient build(ClientKey key, RaftGroup group) {
    RaftPeerId leader = leaderHints.apply(group.getGroupId());
    if (startAnywhere.remove(key) && !group.getPeers().isEmpty()) {
      List<RaftPeer> peers = List.copyOf(group.getPeers());
      leader = peers.get(ThreadLocalRandom.current().nextInt(peers.size())).getId();
    }
    return build(group, leader);
  }

  private RaftClient build(RaftGroup group, RaftPeerId leader) {
    return build(group, leader, retryPolicy);
  }

  private RaftClient build(RaftGroup group, RaftPeerId leader, RetryPolicy retries) {
    ClientId clientId = ClientId.randomId();
    RaftProperties settings = group.getGroupId().equals(RaftNode.CATALOG_GROUP_ID)
        ? catalogProperties : properties;
    RaftClient.Builder builder = RaftClient.newBuilder();
    if (leader != null && group.getPeer(leader) != null) {
      builder.setLeaderId(leader);
    }
    return builder
        .setClientId(clientId)
        .setRaftGroup(group)
        .setProperties(settings)
        .setRetryPolicy(retries)
        .setClientRpc(new BackgroundReconnectRpc(
            new GrpcFactory(new Parameters()).newRaftClientRpc(clientId, settings), reconnects))
        .build();
  }

  /** The Raft group of a table as the catalog records it. */
  public static RaftGroup toGroup(TableEntry table) {
    return RaftGroup.valueOf(groupId(table), toPeers(table.getReplicasList()));
  }

  public static RaftGroupId groupId(TableEntry table) {
    return RaftGroupId.valueOf(
        org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(
            table.getGroupId().asReadOnlyByteBuffer()));
  }

  /**
   * The Ratis peers of a table's replicas, all of Raft priority 0: the catalog's priority names
   * the preferred leader, and {@link LeaderBalancer} moves leadership there. A Ratis priority
   * would make every election wait for a preferred member that stalled (see LeaderBalancer).
   */
  public static List<RaftPeer> toPeers(List<Peer> peers) {
    return peers.stream()
        .map(p -> RaftPeer.newBuilder().setId(RaftPeerId.valueOf(p.getId()))
            .setAddress(p.getAddress()).build())
        .toList();
  }

  public static byte[] newGroupIdBytes() {
    return RaftGroupId.valueOf(UUID.randomUUID()).toByteString().toByteArray();
  }

  @Override
  public void close() {
    clients.values().forEach(c -> closeQuietly(c.client()));
    clients.clear();
    replicaStarter.close();
    closer.shutdownNow();
    reconnects.shutdownNow();
    retired.forEach(RaftClients::closeQuietly);
    retired.clear();
  }

  private static void closeQuietly(RaftClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing a Raft client failed", e);
    }
  }
}
