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
 * On the leader of each local table group that is sealed while the catalog still lists it,
 * removes that catalog entry: it finishes a DROP that was interrupted after it took effect, so
 * the catalog (TABLES, placement, the table limit) does not keep a dropped table. Less often,
 * on every node, forgets what the gateway keeps for tables dropped through other nodes
 * ({@link RaftStore#forgetDropped}).
 */
public final class DroppedTableCleanup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DroppedTableCleanup.class);

  /** One catalog read per node per period; a dropped table leaves about 100 bytes until then. */
  private static final long FORGET_PERIOD_MS = 60_000;

  private final RaftNode node;
  private final RaftStore store;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "winter-dropped-tables");
    t.setDaemon(true);
    return t;
  });
  private final Set<RaftGroupId> inFlight = ConcurrentHashMap.newKeySet();

  public DroppedTableCleanup(RaftNode node, RaftStore store, long periodMillis) {
    this.node = node;
    this.store = store;
    timer.scheduleWithFixedDelay(this::finishAll, periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::forgetDropped, FORGET_PERIOD_MS, FORGET_PERIOD_MS,
        TimeUnit.MILLISECONDS);
  }

  private void forgetDropped() {
    try {
      store.forgetDropped().whenComplete((n, e) -> {
        if (e != null) {
          LOG.debug("forgetting dropped tables' groups failed: {}", e.toString());
        } else if (n > 0) {
          LOG.debug("forgot {} dropped tables' groups", n);
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("forgetting dropped tables' groups failed", e);
    }
  }

  private void finishAll() {
    try {
      for (TableEntry table : node.catalog().localTables()) {
        RaftGroupId groupId = RaftClients.groupId(table);
        TableStateMachine sm = node.tableStateMachine(groupId);
        if (sm == null || !sm.isSealed() || !node.isLeader(groupId) || !inFlight.add(groupId)) {
          continue;
        }
        store.finishDrop(table).whenComplete((v, e) -> {
          inFlight.remove(groupId);
          if (e != null) {
            LOG.debug("table {}: finishing its DROP failed: {}", table.getName(), e.toString());
          } else {
            LOG.info("table {}: finished a DROP that was interrupted", table.getName());
          }
        });
      }
    } catch (RuntimeException e) {
      LOG.warn("finishing interrupted drops failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
