package io.winter.chaos.checker;

import io.winter.chaos.history.OpType;
import java.util.HashMap;
import java.util.Map;

/** A plain sequential implementation of Winter's commands, to generate correct histories from. */
final class ReferenceStore {
  private record Entry(String value, long deadlineNanos) {}

  private final Map<String, Map<String, Entry>> tables = new HashMap<>();

  ReferenceStore(String... existingTables) {
    for (String table : existingTables) {
      tables.put(table, new HashMap<>());
    }
  }

  /** Executes one command at time nowNanos and returns its reply. */
  String apply(OpType type, String table, String key, String value, long expireMs, long nowNanos) {
    Map<String, Entry> keys = tables.get(table);
    switch (type) {
      case CREATE -> {
        return tables.putIfAbsent(table, new HashMap<>()) == null ? "created" : "already created";
      }
      case DROP -> {
        return tables.remove(table) != null ? "dropped" : "missing table";
      }
      default -> {
        if (keys == null) {
          return "missing table";
        }
      }
    }
    Entry entry = keys.get(key);
    if (entry != null && entry.deadlineNanos() != 0 && entry.deadlineNanos() <= nowNanos) {
      keys.remove(key);
      entry = null;
    }
    switch (type) {
      case GET -> {
        return entry == null ? "nil" : entry.value();
      }
      case PUTNEW -> {
        if (entry == null) {
          long deadline = expireMs == 0 ? 0 : nowNanos + expireMs * 1_000_000L;
          keys.put(key, new Entry(value, deadline));
        }
        return "ok";
      }
      case DELETE -> {
        keys.remove(key);
        return "ok";
      }
      default -> throw new IllegalArgumentException(type.name());
    }
  }
}
