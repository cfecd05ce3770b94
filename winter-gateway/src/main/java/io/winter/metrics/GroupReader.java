package io.winter.metrics;

import io.winter.cluster.RaftNode;
import io.winter.statemachine.TableStateMachine;
import java.io.IOException;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetrics;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.metrics.LeaderElectionMetrics;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.statemachine.SnapshotInfo;

/**
 * Reads one local Raft group's state for its meters; every reading is NaN while the group is
 * not (or no longer) on this node.
 */
final class GroupReader {
  private final RaftNode node;
  private final RaftGroupId groupId;
  private final MetricRegistryInfo electionRegistry;

  private GroupReader(RaftNode node, RaftGroupId groupId) {
    this.node = node;
    this.groupId = groupId;
    // Ratis keeps its election counters in its global registries, keyed by member id.
    String member = RaftGroupMemberId.valueOf(node.server().getId(), groupId).toString();
    this.electionRegistry = new MetricRegistryInfo(member,
        RatisMetrics.RATIS_APPLICATION_NAME_METRICS,
        LeaderElectionMetrics.RATIS_LEADER_ELECTION_METRICS,
        LeaderElectionMetrics.RATIS_LEADER_ELECTION_METRICS_DESC);
  }

  static GroupReader of(RaftNode node, RaftGroupId groupId) {
    return new GroupReader(node, groupId);
  }

  private RaftServer.Division division() {
    try {
      return node.server().getDivision(groupId);
    } catch (IOException e) {
      return null;
    }
  }

  double term() {
    RaftServer.Division d = division();
    return d == null ? Double.NaN : d.getInfo().getCurrentTerm();
  }

  double commitIndex() {
    RaftServer.Division d = division();
    return d == null ? Double.NaN : d.getRaftLog().getLastCommittedIndex();
  }

  double appliedIndex() {
    RaftServer.Division d = division();
    return d == null ? Double.NaN : d.getInfo().getLastAppliedIndex();
  }

  double snapshotIndex() {
    RaftServer.Division d = division();
    if (d == null) {
      return Double.NaN;
    }
    SnapshotInfo latest = d.getStateMachine().getLatestSnapshot();
    return latest == null ? -1 : latest.getIndex();
  }

  double logEntries() {
    RaftServer.Division d = division();
    if (d == null) {
      return Double.NaN;
    }
    RaftLog log = d.getRaftLog();
    return Math.max(0, log.getNextIndex() - Math.max(0, log.getStartIndex()));
  }

  double isLeader() {
    RaftServer.Division d = division();
    return d == null ? Double.NaN : d.getInfo().isLeader() ? 1 : 0;
  }

  /** 1 when the replica knows its group's leader, 0 otherwise (also when not on this node). */
  double hasLeader() {
    RaftServer.Division d = division();
    return d != null && d.getInfo().isAlive() && d.getInfo().getLeaderId() != null ? 1 : 0;
  }

  double elections() {
    return ratisCount(LeaderElectionMetrics.LEADER_ELECTION_COUNT_METRIC);
  }

  double electionTimeouts() {
    return ratisCount(LeaderElectionMetrics.LEADER_ELECTION_TIMEOUT_COUNT_METRIC);
  }

  private double ratisCount(String counter) {
    return MetricRegistries.global().get(electionRegistry)
        .map(r -> (double) r.counter(counter).getCount())
        .orElse(0.0);
  }

  double keys() {
    TableStateMachine sm = node.tableStateMachine(groupId);
    return sm == null ? Double.NaN : sm.store().size();
  }

  double expiredSwept() {
    TableStateMachine sm = node.tableStateMachine(groupId);
    return sm == null ? 0 : sm.store().expiredSwept();
  }

  double snapshots() {
    TableStateMachine sm = node.tableStateMachine(groupId);
    return sm == null ? 0 : sm.snapshotsWritten();
  }

  double snapshotSeconds() {
    TableStateMachine sm = node.tableStateMachine(groupId);
    return sm == null ? 0 : sm.snapshotSeconds();
  }

  double bytes() {
    TableStateMachine sm = node.tableStateMachine(groupId);
    return sm == null ? Double.NaN : sm.store().bytes();
  }
}
