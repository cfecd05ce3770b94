package io.winter.statemachine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory map of one table, with the expiry rules every replica applies identically.
 *
 * <p>All mutations come from one thread (the Raft group's apply thread); reads may come from any
 * thread, hence the concurrent map. Time inside the store is the log's time: the largest leader
 * stamp applied so far, never a replica's own clock, so replaying one log always yields one state.
 */
public final class TableStore {
  private final ConcurrentHashMap<Key, Value> map = new ConcurrentHashMap<>();
  private volatile long clockMillis;
  private volatile long nextDeadline = Long.MAX_VALUE;
  private volatile long bytes;
  private volatile long expiredSwept;
  private volatile long digest;

  /** A key's bytes with value equality. */
  public record Key(byte[] bytes, int hash) {
    public static Key of(byte[] bytes) {
      return new Key(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A stored value and its absolute deadline in ms since the epoch (0: never expires). */
  public record Value(byte[] bytes, long deadlineMillis) {
    boolean liveAt(long nowMillis) {
      return deadlineMillis == 0 || deadlineMillis > nowMillis;
    }
  }

  /** One key and value, as written to and read from snapshots. */
  public record Entry(Key key, Value value) {}

  /** Advances the log clock to the entry's stamp (never backwards) and returns it. */
  public long advanceClock(long stampMillis) {
    if (stampMillis > clockMillis) {
      clockMillis = stampMillis;
    }
    return clockMillis;
  }

  public long clockMillis() {
    return clockMillis;
  }

  /** Stores value unless a live value is present at the entry's time; true if it stored. */
  public boolean putNew(byte[] key, byte[] value, long deadlineMillis, long stampMillis) {
    long now = advanceClock(stampMillis);
    Key k = Key.of(key);
    Value stored = new Value(value, deadlineMillis);
    // one lookup for a new key, the common case; the apply thread is the only writer
    Value existing = map.putIfAbsent(k, stored);
    if (existing != null) {
      if (existing.liveAt(now)) {
        return false;
      }
      map.put(k, stored);
    }
    bytes += key.length + value.length - (existing == null ? 0 : key.length + existing.bytes.length);
    digest += entryHash(k, stored) - (existing == null ? 0 : entryHash(k, existing));
    if (deadlineMillis != 0 && deadlineMillis < nextDeadline) {
      nextDeadline = deadlineMillis;
    }
    return true;
  }

  /** Removes key; true if a value (live or not yet swept) was there. */
  public boolean delete(byte[] key, long stampMillis) {
    advanceClock(stampMillis);
    Key k = Key.of(key);
    Value removed = map.remove(k);
    if (removed == null) {
      return false;
    }
    bytes -= key.length + removed.bytes.length;
    digest -= entryHash(k, removed);
    return true;
  }

  /** Removes every key whose deadline is at or before the entry's time; returns how many. */
  public long sweep(long stampMillis) {
    long now = advanceClock(stampMillis);
    if (nextDeadline > now) {
      return 0;
    }
    long removed = 0;
    long next = Long.MAX_VALUE;
    for (var it = map.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Value> e = it.next();
      long deadline = e.getValue().deadlineMillis;
      if (deadline == 0) {
        continue;
      }
      if (deadline <= now) {
        bytes -= e.getKey().bytes.length + e.getValue().bytes.length;
        digest -= entryHash(e.getKey(), e.getValue());
        it.remove();
        removed++;
      } else if (deadline < next) {
        next = deadline;
      }
    }
    nextDeadline = next;
    expiredSwept += removed;
    return removed;
  }

  /** The live value of key at the given wall-clock time (never earlier than the log clock). */
  public byte[] get(byte[] key, long wallClockMillis) {
    Value v = map.get(Key.of(key));
    if (v == null || !v.liveAt(Math.max(wallClockMillis, clockMillis))) {
      return null;
    }
    return v.bytes;
  }

  /** Whether some key's deadline has passed at the given time, so a sweep would remove it. */
  public boolean hasExpiredAt(long wallClockMillis) {
    return nextDeadline <= wallClockMillis;
  }

  /** Keys removed by expiry sweeps since this replica started (not kept in snapshots). */
  public long expiredSwept() {
    return expiredSwept;
  }

  /**
   * An order-independent digest of every entry (key, value, deadline), kept up to date by each
   * mutation: two replicas that applied the same log prefix have the same digest, so comparing
   * digests at one applied index shows whether replicas diverged.
   */
  public long digest() {
    return digest;
  }

  private static long entryHash(Key key, Value value) {
    long h = mix(0x9E3779B97F4A7C15L ^ key.bytes.length);
    h = hashBytes(h, key.bytes);
    h = mix(h ^ value.bytes.length);
    h = hashBytes(h, value.bytes);
    return mix(h ^ value.deadlineMillis);
  }

  private static long hashBytes(long seed, byte[] bytes) {
    long h = seed;
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * 0x100000001B3L;
    }
    return mix(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public int size() {
    return map.size();
  }

  public long bytes() {
    return bytes;
  }

  /** A point-in-time copy of every entry; values are immutable so only references are copied. */
  public List<Entry> copyEntries() {
    List<Entry> entries = new ArrayList<>(map.size());
    map.forEach((k, v) -> entries.add(new Entry(k, v)));
    return entries;
  }

  /** Replaces the whole content, as when a snapshot is loaded. */
  public void replaceWith(List<Entry> entries, long clockMillis) {
    map.clear();
    long total = 0;
    long sum = 0;
    long next = Long.MAX_VALUE;
    for (Entry e : entries) {
      map.put(e.key(), e.value());
      total += e.key().bytes().length + e.value().bytes().length;
      sum += entryHash(e.key(), e.value());
      long deadline = e.value().deadlineMillis();
      if (deadline != 0 && deadline < next) {
        next = deadline;
      }
    }
    this.bytes = total;
    this.digest = sum;
    this.nextDeadline = next;
    this.clockMillis = clockMillis;
  }
}
