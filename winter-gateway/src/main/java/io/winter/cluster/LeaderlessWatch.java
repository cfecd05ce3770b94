package io.winter.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * Finds the local replicas that have followed no live leader for a long time. Groups were seen
 * to stay leaderless for minutes with a majority of their replicas up (cause not established;
 * Ratis does not campaign while an append is unfinished, nor vote while starting), and the
 * long chaos runs saw such groups elect a leader right after their replicas were reopened.
 * Opening a replica again from its directory is what a restart of the node would do, without
 * the restart.
 */
final class LeaderlessWatch {
  /** Many election timeouts (1-2 s): longer than any election or partition test waits. */
  static final Duration REOPEN_AFTER = Duration.ofSeconds(30);
  /** A follower that heard from its leader within this long follows a live one. */
  private static final long HEARD_RECENTLY_MS = 5_000;

  private final LongSupplier nanoClock;
  private final Map<RaftGroupId, Long> leaderlessSince = new HashMap<>();

  LeaderlessWatch(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Whether a replica with this role information follows, or is, a live leader. */
  static boolean followsLiveLeader(RoleInfoProto role) {
    if (role.hasLeaderInfo()) {
      return true;
    }
    return role.hasFollowerInfo() && role.getFollowerInfo().getLeaderInfo().hasId()
        && role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() < HEARD_RECENTLY_MS;
  }

  /**
   * Records what every watched replica knows now and answers those without a live leader for
   * {@link #REOPEN_AFTER}; each of those starts a new period, so it is reopened at most once per
   * period. Replicas not in {@code now} are forgotten. Not thread-safe: one caller at a time.
   */
  Set<RaftGroupId> observe(Map<RaftGroupId, Boolean> now) {
    long t = nanoClock.getAsLong();
    leaderlessSince.keySet().retainAll(now.keySet());
    Set<RaftGroupId> overdue = new HashSet<>();
    now.forEach((id, live) -> {
      if (live) {
        leaderlessSince.remove(id);
        return;
      }
      long since = leaderlessSince.computeIfAbsent(id, k -> t);
      if (t - since >= REOPEN_AFTER.toNanos()) {
        overdue.add(id);
        leaderlessSince.put(id, t);
      }
    });
    return overdue;
  }
}
