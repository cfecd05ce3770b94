package io.winter.cluster;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;

/**
 * Decides whether a local replica the catalog moved away may be deleted yet. Only the group
 * knows its members: deleting a replica that the group still counts (a move whose catalog
 * change lost a race, a replica being caught up right now) would leave the leader believing
 * this node holds entries it no longer has, and Ratis never sends those again.
 */
final class ReplicaMembership implements AutoCloseable {
  private static final long EMPTY = -1;
  private static final long UNREADABLE = Long.MIN_VALUE;

  private final RaftPeerId self;
  private final GroupMembersProbe probe = new GroupMembersProbe();
  private volatile Supplier<Collection<RaftPeer>> hosts = List::of;

  ReplicaMembership(RaftPeerId self) {
    this.self = self;
  }

  /** Where to look for a group's leader: every node of the cluster. */
  void askAmong(Supplier<Collection<RaftPeer>> hosts) {
    this.hosts = hosts;
  }

  /**
   * True if the replica must stay for now: the group's leader lists this node, or the replica
   * took entries while the leader was asked (it is being caught up), or no leader answered and
   * the replica holds data a later quorum may need.
   */
  boolean stillNeeded(RaftServer server, RaftGroupId groupId) {
    Optional<RaftServer.Division> division = division(server, groupId);
    if (division.isEmpty()) {
      return false;
    }
    long before = lastIndex(division.get());
    Optional<GroupMembersProbe.LeaderView> leader = probe.leader(groupId, hosts.get());
    if (lastIndex(division.get()) != before) {
      return true;
    }
    if (leader.isPresent()) {
      return leader.get().members().stream().anyMatch(p -> p.getId().equals(self));
    }
    return before != EMPTY;
  }

  /** The replica's last log index; a closed replica's log cannot be read and counts as data. */
  private static long lastIndex(RaftServer.Division division) {
    try {
      TermIndex last = division.getRaftLog().getLastEntryTermIndex();
      if (last != null) {
        return last.getIndex();
      }
      return division.getInfo().getLastAppliedIndex() >= 0 ? 0 : EMPTY;
    } catch (RuntimeException e) {
      return UNREADABLE;
    }
  }

  private static Optional<RaftServer.Division> division(RaftServer server, RaftGroupId groupId) {
    try {
      return Optional.of(server.getDivision(groupId));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    probe.close();
  }
}
