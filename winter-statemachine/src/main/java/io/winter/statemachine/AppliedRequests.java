package io.winter.statemachine;

import com.google.protobuf.ByteString;
import io.winter.proto.RequestId;
import io.winter.proto.TableCommandReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replies of the client requests a table applied, kept per gateway origin until that
 * origin says it will not retry them: what makes a retried write apply at most once.
 *
 * <p>Everything here changes only while applying log entries and is decided by the entries'
 * stamps, never a local clock, so every replica keeps the same requests and answers a retry
 * alike. Not thread-safe: used under the state machine's apply lock.
 */
public final class AppliedRequests {
  /** An origin idle this long (by entry stamps) is forgotten: its process has gone away. */
  static final long IDLE_ORIGIN_MILLIS = 10 * 60_000;
  private static final long EXPIRY_CHECK_MILLIS = 60_000;

  /**
   * The reply to a request the origin had already given up on (below its done mark) and that
   * was not applied: it is refused, since its first try may have applied and been forgotten.
   */
  public static final TableCommandReply REFUSED_LATE = TableCommandReply.getDefaultInstance();

  private final Map<ByteString, Origin> origins = new HashMap<>();
  private long nextExpiryCheck;

  /** One origin's requests not yet done with (by sequence number), and its marks. */
  private static final class Origin {
    private long doneBelow;
    private long lastStampMillis;
    // sorted, so forgetting what lies below the done mark costs only what it removes; sequence
    // numbers count up from 1 in a long and never reach the sign bit
    private final TreeMap<Long, TableCommandReply> replies = new TreeMap<>();

    Origin(long doneBelow, long lastStampMillis) {
      this.doneBelow = doneBelow;
      this.lastStampMillis = lastStampMillis;
    }
  }

  /**
   * What to answer a request before applying it: its recorded reply if it was applied, the
   * refusal if it comes too late, or null if it is new and must be applied (then
   * {@link #record}ed). Advances the origin's done mark and forgets what lies below it.
   */
  public TableCommandReply before(RequestId id, long stampMillis) {
    expireIdle(stampMillis);
    Origin origin = origins.computeIfAbsent(id.getOrigin(),
        o -> new Origin(id.getDoneBelow(), stampMillis));
    origin.lastStampMillis = Math.max(origin.lastStampMillis, stampMillis);
    if (id.getDoneBelow() > origin.doneBelow) {
      origin.doneBelow = id.getDoneBelow();
      origin.replies.headMap(origin.doneBelow).clear();
    }
    TableCommandReply applied = origin.replies.get(id.getSeq());
    if (applied != null) {
      return applied;
    }
    return id.getSeq() < origin.doneBelow ? REFUSED_LATE : null;
  }

  /** Remembers the reply of a request just applied. */
  public void record(RequestId id, TableCommandReply reply) {
    Origin origin = origins.get(id.getOrigin());
    if (origin != null) {
      origin.replies.put(id.getSeq(), reply);
    }
  }

  private void expireIdle(long stampMillis) {
    if (stampMillis < nextExpiryCheck) {
      return;
    }
    nextExpiryCheck = stampMillis + EXPIRY_CHECK_MILLIS;
    origins.values().removeIf(o -> stampMillis - o.lastStampMillis > IDLE_ORIGIN_MILLIS);
  }

  /** How many replies are remembered, over all origins. */
  public int size() {
    int n = 0;
    for (Origin o : origins.values()) {
      n += o.replies.size();
    }
    return n;
  }

  /** A copy for a snapshot. */
  public List<OriginState> copy() {
    List<OriginState> copy = new ArrayList<>(origins.size());
    origins.forEach((id, o) -> copy.add(new OriginState(id.toByteArray(), o.doneBelow,
        o.lastStampMillis, new HashMap<>(o.replies))));
    return copy;
  }

  /** Replaces everything with what a snapshot held. */
  public void replaceWith(List<OriginState> states) {
    origins.clear();
    nextExpiryCheck = 0;
    for (OriginState s : states) {
      Origin o = new Origin(s.doneBelow(), s.lastStampMillis());
      o.replies.putAll(s.replies());
      origins.put(ByteString.copyFrom(s.origin()), o);
    }
  }

  /** One origin as a snapshot stores it. */
  public record OriginState(byte[] origin, long doneBelow, long lastStampMillis,
                            Map<Long, TableCommandReply> replies) {}
}
