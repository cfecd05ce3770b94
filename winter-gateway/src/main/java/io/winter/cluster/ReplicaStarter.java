package io.winter.cluster;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the replicas of a new table's group on their nodes as soon as the catalog has
 * committed the table, instead of when each node's own copy of the catalog gets there. A node
 * just restarted can apply the catalog seconds late; its replica would join after the group's
 * first commits, and Ratis counts no vote from a replica whose log is empty once its group has
 * committed entries: had the leader failed in between, the other replica alone could not be
 * elected (docs/reliability.md). Best effort: a node that cannot be reached adds its replica
 * from its catalog as before.
 */
final class ReplicaStarter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaStarter.class);

  /** Makes a client that talks to one node, with no retries. */
  private final Function<RaftPeer, RaftClient> clientFor;
  /** One client per node address, used only on the callers' threads. */
  private final Map<String, RaftClient> admins = new ConcurrentHashMap<>();
  private final long staleAfterNanos;
  private final ExecutorService callers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "winter-replica-starter");
        t.setDaemon(true);
        return t;
      });

  /** @param staleAfterMs a start still queued this long after it was asked for is skipped */
  ReplicaStarter(Function<RaftPeer, RaftClient> clientFor, long staleAfterMs) {
    this.clientFor = clientFor;
    this.staleAfterNanos = TimeUnit.MILLISECONDS.toNanos(staleAfterMs);
  }

  /** Keyed by address, not by RaftPeer (equal by id alone): a node may come back elsewhere. */
  private RaftClient admin(RaftPeer peer) {
    return admins.computeIfAbsent(peer.getAddress(), address -> clientFor.apply(peer));
  }

  /**
   * Asks the peer to add its replica of the group. A group added to a node after that node
   * removed it (its table dropped) would stay there as an orphan; nodes remove a dropped
   * table's replica only after three request timeouts (LocalReplicas.droppedReplicaGrace),
   * and a start is skipped once queued for one and its call bounded by the client's own
   * timeout, so it cannot come that late.
   */
  void start(RaftPeer peer, RaftGroup group) {
    long asked = System.nanoTime();
    try {
      callers.execute(() -> {
        if (System.nanoTime() - asked > staleAfterNanos) {
          return;
        }
        try {
          RaftClientReply reply = admin(peer).getGroupManagementApi(peer.getId())
              .add(group, true);
          if (!reply.isSuccess()) {
            LOG.debug("starting the replica of group {} on {} failed: {}", group.getGroupId(),
                peer.getId(), reply.getException());
          }
        } catch (AlreadyExistsException e) {
          // its node's catalog was there first
        } catch (IOException | RuntimeException e) {
          LOG.debug("starting the replica of group {} on {} failed: {}", group.getGroupId(),
              peer.getId(), e.toString());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  @Override
  public void close() {
    callers.shutdownNow();
    admins.values().forEach(admin -> {
      try {
        admin.close();
      } catch (IOException e) {
        LOG.debug("closing a replica starter's client failed", e);
      }
    });
  }
}
