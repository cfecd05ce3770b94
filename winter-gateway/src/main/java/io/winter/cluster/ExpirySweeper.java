package io.winter.cluster;

import io.winter.proto.TableEntry;
import io.winter.statemachine.TableStateMachine;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the leader of each local table group, proposes a sweep entry when some key's deadline has
 * passed, so expired keys leave every replica at the same log index. Reads hide expired keys
 * before the sweep; the sweep frees their memory.
 */
public final class ExpirySweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);

  private final RaftNode node;
  private final RaftStore store;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "winter-expiry-sweeper");
    t.setDaemon(true);
    return t;
  });
  private final Set<RaftGroupId> inFlight = ConcurrentHashMap.newKeySet();

  public ExpirySweeper(RaftNode node, RaftStore store, long periodMillis) {
    this.node = node;
    this.store = store;
    timer.scheduleWithFixedDelay(this::sweepAll, periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
  }

  private void sweepAll() {
    try {
      long now = System.currentTimeMillis();
      for (TableEntry table : node.catalog().localTables()) {
        RaftGroupId groupId = RaftClients.groupId(table);
        TableStateMachine sm = node.tableStateMachine(groupId);
        if (sm == null || !sm.store().hasExpiredAt(now) || !node.isLeader(groupId)
            || !inFlight.add(groupId)) {
          continue;
        }
        store.sweep(table).whenComplete((reply, e) -> {
          inFlight.remove(groupId);
          if (e != null) {
            LOG.debug("table {}: sweep failed: {}", table.getName(), e.toString());
          } else if (reply.getRemoved() > 0) {
            LOG.debug("table {}: {} keys expired", table.getName(), reply.getRemoved());
          }
        });
      }
    } catch (RuntimeException e) {
      LOG.warn("expiry sweep failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
