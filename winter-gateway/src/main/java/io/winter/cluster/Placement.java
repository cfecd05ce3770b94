package io.winter.cluster;

import io.winter.proto.NodeRecord;
import io.winter.proto.Peer;
import io.winter.proto.TableEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.ratis.protocol.RaftPeer;

/**
 * Chooses where a table's replicas live: on the nodes holding the fewest replicas, and the
 * preferred leader on the node leading the fewest tables, so load and leaders spread out.
 */
public final class Placement {
  private Placement() {}

  /**
   * Picks {@code count} nodes (capped by the cluster size) for a new table. The first replica
   * returned is the preferred leader (priority 1).
   */
  /**
   * The members a new table may be placed on: a member that lost its data, or that discovery
   * no longer lists, waits to be taken out of every group, and a replica placed there would be
   * one less for the new group's first election. All members if that leaves none.
   *
   * @param listed the node ids discovery lists; empty when unknown (every member is listed)
   */
  public static List<RaftPeer> eligible(List<RaftPeer> members, Set<String> listed,
                                        Function<String, Optional<NodeRecord>> records) {
    List<RaftPeer> eligible = members.stream()
        .filter(p -> listed.isEmpty() || listed.contains(p.getId().toString()))
        .filter(p -> records.apply(p.getId().toString())
            .map(r -> r.getState() == NodeRecord.State.ACTIVE).orElse(true))
        .toList();
    return eligible.isEmpty() ? members : eligible;
  }

  public static List<Peer> forNewTable(String table, List<RaftPeer> nodes,
                                       Collection<TableEntry> tables, int count) {
    Map<String, Integer> replicas = replicaCounts(tables);
    Map<String, Integer> leaders = leaderCounts(tables);
    List<RaftPeer> chosen = nodes.stream()
        .sorted(byLoad(replicas, table))
        .limit(Math.min(count, nodes.size()))
        .collect(Collectors.toCollection(ArrayList::new));
    chosen.sort(byLoad(leaders, table));
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      peers.add(toPeer(chosen.get(i), i == 0 ? 1 : 0));
    }
    return peers;
  }

  /** The least-loaded node outside {@code exclude}, or null when every node is excluded. */
  public static RaftPeer leastLoaded(List<RaftPeer> nodes, Collection<TableEntry> tables,
                                     Set<String> exclude, String table) {
    Map<String, Integer> replicas = replicaCounts(tables);
    return nodes.stream()
        .filter(n -> !exclude.contains(n.getId().toString()))
        .min(byLoad(replicas, table))
        .orElse(null);
  }

  /** A replica to add: the table and the node to hold it. */
  public record Addition(TableEntry table, RaftPeer to) {}

  /** A replica to move: the table, the node holding it and the node to take it over. */
  public record Move(TableEntry table, String from, RaftPeer to) {}

  /**
   * The first table with fewer replicas than min(its replication, live nodes) and the
   * least-loaded live node without one of it, if any.
   */
  public static Optional<Addition> missingReplica(List<RaftPeer> live,
                                                  Collection<TableEntry> tables) {
    for (TableEntry table : tables) {
      if (table.getReplicasCount() >= Math.min(table.getReplication(), live.size())) {
        continue;
      }
      Set<String> holders = table.getReplicasList().stream().map(Peer::getId)
          .collect(Collectors.toSet());
      RaftPeer target = leastLoaded(live, tables, holders, table.getName());
      if (target != null) {
        return Optional.of(new Addition(table, target));
      }
    }
    return Optional.empty();
  }

  /**
   * One replica from the node holding most to the node holding fewest, when they differ by two
   * or more, of a table the fuller one holds and the emptier one does not.
   */
  public static Optional<Move> rebalancing(List<RaftPeer> members,
                                           Collection<TableEntry> tables) {
    Map<String, Integer> counts = replicaCounts(tables);
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
      return Optional.empty();
    }
    String from = most.getId().toString();
    String to = fewest.getId().toString();
    for (TableEntry table : tables) {
      Set<String> holders = table.getReplicasList().stream().map(Peer::getId)
          .collect(Collectors.toSet());
      if (holders.contains(from) && !holders.contains(to)) {
        return Optional.of(new Move(table, from, fewest));
      }
    }
    return Optional.empty();
  }

  public static Map<String, Integer> replicaCounts(Collection<TableEntry> tables) {
    Map<String, Integer> counts = new HashMap<>();
    for (TableEntry t : tables) {
      for (Peer p : t.getReplicasList()) {
        counts.merge(p.getId(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static Map<String, Integer> leaderCounts(Collection<TableEntry> tables) {
    Map<String, Integer> counts = new HashMap<>();
    for (TableEntry t : tables) {
      for (Peer p : t.getReplicasList()) {
        if (p.getPriority() > 0) {
          counts.merge(p.getId(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /** Fewest first; ties broken by a hash of table and node, so equal nodes share the work. */
  private static Comparator<RaftPeer> byLoad(Map<String, Integer> load, String table) {
    return Comparator.<RaftPeer>comparingInt(n -> load.getOrDefault(n.getId().toString(), 0))
        .thenComparingInt(n -> mix((table + "/" + n.getId()).hashCode()))
        .thenComparing(n -> n.getId().toString());
  }

  /**
   * Scrambles a String hash: those of names differing only in their last character (node ids
   * such as winter-0 and winter-1) are consecutive, so unmixed they always order nodes by id.
   */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  public static Peer toPeer(RaftPeer node, int priority) {
    return Peer.newBuilder().setId(node.getId().toString()).setAddress(node.getAddress())
        .setPriority(priority).build();
  }
}
