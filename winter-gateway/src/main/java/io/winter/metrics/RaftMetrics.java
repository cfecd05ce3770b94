package io.winter.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.winter.cluster.RaftClients;
import io.winter.cluster.RaftNode;
import io.winter.proto.TableEntry;
import io.winter.statemachine.TableStateMachine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * Per-group Raft meters (catalog and local table replicas) and per-table data meters, read from
 * Ratis and the state machines when Prometheus scrapes, never on the request path. Only the
 * first {@code maxTables} local tables by name get their own series; node-wide totals cover all.
 */
public final class RaftMetrics {
  private final MeterRegistry registry;
  private final Supplier<RaftNode> raft;
  private final int maxTables;
  private final Map<RaftGroupId, Tracked> tracked = new HashMap<>();
  private final AtomicLong groups = new AtomicLong();
  private final AtomicLong leaderless = new AtomicLong();
  private final AtomicLong tables = new AtomicLong();
  private final AtomicLong untracked = new AtomicLong();
  private final AtomicLong keys = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  /** The meters of one tracked group, removed together when the group leaves this node. */
  private record Tracked(String table, List<Meter> meters) {}

  public RaftMetrics(MeterRegistry registry, Supplier<RaftNode> raft, int maxTables) {
    this.registry = registry;
    this.raft = raft;
    this.maxTables = maxTables;
    gauge("winter.raft.groups", "Raft groups with a replica on this node, the catalog included",
        groups);
    gauge("winter.raft.groups.leaderless",
        "Raft groups with a replica on this node that know no leader (all groups, uncapped)",
        leaderless);
    gauge("winter.tables.local", "Tables with a replica on this node", tables);
    gauge("winter.tables.untracked",
        "Local tables beyond WINTER_METRICS_TABLES, without per-table series", untracked);
    gauge("winter.tables.keys", "Keys in all local table replicas", keys);
    Gauge.builder("winter.tables.size", bytes, AtomicLong::get).baseUnit("bytes")
        .description("Bytes of keys and values in all local table replicas").register(registry);
  }

  private void gauge(String name, String help, AtomicLong value) {
    Gauge.builder(name, value, AtomicLong::get).description(help).register(registry);
  }

  /** Brings the per-group meters and the totals up to date; called before each scrape. */
  public synchronized void refresh() {
    RaftNode node = raft.get();
    Map<RaftGroupId, String> wanted = new HashMap<>();
    long groupCount = 0;
    long leaderlessCount = 0;
    long tableCount = 0;
    long keyCount = 0;
    long byteCount = 0;
    if (node != null) {
      Set<RaftGroupId> present = new HashSet<>();
      node.server().getGroupIds().forEach(present::add);
      for (RaftGroupId id : present) {
        groupCount++;
        if (GroupReader.of(node, id).hasLeader() != 1) {
          leaderlessCount++;
        }
      }
      if (present.contains(RaftNode.CATALOG_GROUP_ID)) {
        wanted.put(RaftNode.CATALOG_GROUP_ID, "");
      }
      List<TableEntry> local = new ArrayList<>();
      for (TableEntry t : node.catalog().localTables()) {
        if (present.contains(RaftClients.groupId(t))) {
          local.add(t);
        }
      }
      local.sort(Comparator.comparing(TableEntry::getName));
      for (TableEntry t : local) {
        RaftGroupId id = RaftClients.groupId(t);
        TableStateMachine sm = node.tableStateMachine(id);
        if (sm != null) {
          keyCount += sm.store().size();
          byteCount += sm.store().bytes();
        }
        if (tableCount++ < maxTables) {
          wanted.put(id, t.getName());
        }
      }
    }
    sync(node, wanted);
    groups.set(groupCount);
    leaderless.set(leaderlessCount);
    tables.set(tableCount);
    untracked.set(Math.max(0, tableCount - maxTables));
    keys.set(keyCount);
    bytes.set(byteCount);
  }

  private void sync(RaftNode node, Map<RaftGroupId, String> wanted) {
    for (Iterator<Map.Entry<RaftGroupId, Tracked>> it = tracked.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<RaftGroupId, Tracked> e = it.next();
      if (!e.getValue().table().equals(wanted.get(e.getKey()))) {
        e.getValue().meters().forEach(registry::remove);
        it.remove();
      }
    }
    wanted.forEach((id, table) -> {
      if (!tracked.containsKey(id)) {
        tracked.put(id, new Tracked(table, register(GroupReader.of(node, id), table)));
      }
    });
  }

  private List<Meter> register(GroupReader group, String table) {
    Tags tags = Tags.of("group", table.isEmpty() ? "catalog" : "table", "table", table);
    List<Meter> meters = new ArrayList<>();
    meters.add(groupGauge("winter.raft.term", "Current Raft term of this replica", tags, group,
        GroupReader::term));
    meters.add(groupGauge("winter.raft.commit.index", "Highest log index known committed",
        tags, group, GroupReader::commitIndex));
    meters.add(groupGauge("winter.raft.applied.index",
        "Highest log index applied to this replica's state machine", tags, group,
        GroupReader::appliedIndex));
    meters.add(groupGauge("winter.raft.snapshot.index",
        "Log index of this replica's latest snapshot (-1: none)", tags, group,
        GroupReader::snapshotIndex));
    meters.add(groupGauge("winter.raft.log.entries",
        "Entries in this replica's log (purged up to the latest snapshot)", tags, group,
        GroupReader::logEntries));
    meters.add(groupGauge("winter.raft.leader", "1 when this replica leads its group, else 0",
        tags, group, GroupReader::isLeader));
    meters.add(groupGauge("winter.raft.has.leader",
        "1 when this replica knows a leader for its group, else 0", tags, group,
        GroupReader::hasLeader));
    meters.add(FunctionCounter.builder("winter.raft.elections", group, GroupReader::elections)
        .description("Leader elections this replica ran as a candidate (from Ratis)")
        .tags(tags).register(registry));
    meters.add(FunctionCounter.builder("winter.raft.election.timeouts", group,
            GroupReader::electionTimeouts)
        .description("Times this replica heard no leader in time and started an election "
            + "(from Ratis)")
        .tags(tags).register(registry));
    if (!table.isEmpty()) {
      Tags tableTags = Tags.of("table", table);
      meters.add(Gauge.builder("winter.table.keys", group, GroupReader::keys)
          .description("Keys in this node's replica of the table (expired keys until swept)")
          .tags(tableTags).strongReference(true).register(registry));
      meters.add(Gauge.builder("winter.table.size", group, GroupReader::bytes)
          .baseUnit("bytes").description("Bytes of keys and values in this node's replica")
          .tags(tableTags).strongReference(true).register(registry));
      meters.add(FunctionCounter.builder("winter.table.expired.keys", group,
              GroupReader::expiredSwept)
          .description("Expired keys removed from this replica by sweeps since it started")
          .tags(tableTags).register(registry));
      meters.add(FunctionCounter.builder("winter.table.snapshots", group, GroupReader::snapshots)
          .description("Snapshots this replica wrote since it started")
          .tags(tableTags).register(registry));
      meters.add(FunctionCounter.builder("winter.table.snapshot.write", group,
              GroupReader::snapshotSeconds)
          .baseUnit("seconds")
          .description("Time this replica spent writing snapshots (in the background)")
          .tags(tableTags).register(registry));
    }
    return meters;
  }

  private Meter groupGauge(String name, String help, Tags tags, GroupReader group,
                           ToDoubleFunction<GroupReader> value) {
    return Gauge.builder(name, group, value).description(help).tags(tags)
        .strongReference(true).register(registry);
  }
}
