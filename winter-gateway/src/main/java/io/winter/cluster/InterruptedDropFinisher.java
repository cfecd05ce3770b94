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
 * the catalog (TABLES, placement, the table limit) does not keep a dropped table.
 */
public final class InterruptedDropFinisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptedDropFinisher.class);

  private final RaftNode node;
  private final RaftStore store;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "winter-drop-finisher");
    t.setDaemon(true);
    return t;
  });
  private final Set<RaftGroupId> inFlight = ConcurrentHashMap.newKeySet();

  public InterruptedDropFinisher(RaftNode node, RaftStore store, long periodMillis) {
    this.node = node;
    this.store = store;
    timer.scheduleWithFixedDelay(this::finishAll, periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
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
