package io.winter.cluster;

import io.winter.proto.TableEntry;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic check of this node's replicas of table groups. It opens again the replicas that
 * Ratis shut down although the catalog places them here (a joining replica that waits past an
 * election timeout for its first entries campaigns without knowing its group, and Ratis closes
 * it for good), and those that have followed no live leader for long (see {@link ReplicaWatch}).
 * Reopened from its directory, a replica keeps its term, vote and log, and waits for a leader or
 * campaigns again. Local leaders stuck handing leadership over step down (see
 * {@link StuckHandover}), and local leaders of tables preferred elsewhere hand their leadership
 * there, a few per check (see {@link LeaderBalancer}).
 */
final class ReplicaCheckup {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaCheckup.class);
  /** Leaderships handed to preferred replicas per check: a restarted node gets them in turn. */
  private static final int TRANSFERS_PER_CHECK = 32;

  /** Closes a local replica and opens it again from its directory. */
  interface Reopener {
    void reopen(RaftServer raftServer, String table, RaftGroupId groupId);
  }

  private final RaftPeerId self;
  private final Predicate<TableEntry> checked;
  private final Reopener reopener;
  private final ReplicaWatch leaderless = new ReplicaWatch(System::nanoTime);
  private final StuckHandover stuckHandover;
  private final LeaderBalancer leaderBalancer;

  /** @param checked which tables' local replicas to check (placed here, not being removed) */
  ReplicaCheckup(RaftPeerId self, Predicate<TableEntry> checked, Reopener reopener) {
    this.self = self;
    this.checked = checked;
    this.reopener = reopener;
    this.stuckHandover = new StuckHandover(self);
    this.leaderBalancer = new LeaderBalancer(self);
  }

  /** One check of the local replicas of {@code tables}. */
  void run(RaftServer raftServer, Collection<TableEntry> tables) {
    Map<RaftGroupId, Boolean> followsLeader = new HashMap<>();
    Map<RaftGroupId, String> names = new HashMap<>();
    int transfers = 0;
    for (TableEntry table : tables) {
      if (!checked.test(table)) {
        continue;
      }
      RaftGroupId groupId = RaftClients.groupId(table);
      RaftServer.Division division;
      try {
        division = raftServer.getDivision(groupId);
      } catch (IOException e) {
        continue;
      }
      if (!division.getInfo().isAlive()) {
        LOG.warn("table {}: Ratis shut down the local replica of group {}; opening it again",
            table.getName(), groupId);
        reopener.reopen(raftServer, table.getName(), groupId);
        continue;
      }
      if (division.getRaftConf().getPeer(self) == null) {
        continue; // a joining replica waits for its leader to add it: nothing wedged
      }
      Optional<RoleInfoProto> role = Roles.of(division);
      if (role.isEmpty()) {
        continue; // still starting
      }
      names.put(groupId, table.getName());
      followsLeader.put(groupId, ReplicaWatch.followsLiveLeader(role.get()));
      stuckHandover.note(groupId, division);
      if (transfers < TRANSFERS_PER_CHECK
          && leaderBalancer.balance(raftServer, table, division, role.get())) {
        transfers++;
      }
    }
    stuckHandover.act(raftServer, names);
    for (RaftGroupId groupId : leaderless.observe(followsLeader)) {
      reopenLeaderless(raftServer, names.get(groupId), groupId);
    }
  }

  private void reopenLeaderless(RaftServer raftServer, String table, RaftGroupId groupId) {
    String role;
    try {
      role = Roles.of(raftServer.getDivision(groupId)).map(RoleInfoProto::toString)
          .orElse("no role yet").replace('\n', ' ');
    } catch (IOException e) {
      return;
    }
    LOG.warn("table {}: the local replica of group {} has followed no live leader for {} s;"
        + " opening it again ({})", table, groupId, ReplicaWatch.REOPEN_AFTER.toSeconds(), role);
    reopener.reopen(raftServer, table, groupId);
  }
}
