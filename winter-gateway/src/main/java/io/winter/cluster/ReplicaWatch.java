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
 * Finds the local replicas that stay in a bad state for long. Its first use: replicas that
 * follow no live leader. Groups were seen to stay leaderless for minutes with a majority of
 * their replicas up (cause not established; Ratis does not campaign while an append is
 * unfinished, nor vote while starting), and the long chaos runs saw such groups elect a leader
 * right after their replicas were reopened. Opening a replica again from its directory is what
 * a restart of the node would do, without the restart. Its second: leaders stuck handing
 * leadership over (see StuckHandover).
 */
final class ReplicaWatch {
  /** Many election timeouts (1-2 s): longer than any election or partition test waits. */
  static final Duration REOPEN_AFTER = Duration.ofSeconds(30);
  /** A follower that heard from its leader within this long follows a live one. */
  private static final long HEARD_RECENTLY_MS = 5_000;

  private final LongSupplier nanoClock;
  private final Duration after;
  private final Map<RaftGroupId, Long> badSince = new HashMap<>();

  ReplicaWatch(LongSupplier nanoClock) {
    this(nanoClock, REOPEN_AFTER);
  }

  ReplicaWatch(LongSupplier nanoClock, Duration after) {
    this.nanoClock = nanoClock;
    this.after = after;
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
   * Records whether every watched replica is fine now and answers those that have not been for
   * the watch's period; each of those starts a new period, so it is answered at most once per
   * period. Replicas not in {@code now} are forgotten. Not thread-safe: one caller at a time.
   */
  Set<RaftGroupId> observe(Map<RaftGroupId, Boolean> now) {
    long t = nanoClock.getAsLong();
    badSince.keySet().retainAll(now.keySet());
    Set<RaftGroupId> overdue = new HashSet<>();
    now.forEach((id, fine) -> {
      if (fine) {
        badSince.remove(id);
        return;
      }
      long since = badSince.computeIfAbsent(id, k -> t);
      if (t - since >= after.toNanos()) {
        overdue.add(id);
        badSince.put(id, t);
      }
    });
    return overdue;
  }
}
