package io.winter.chaos.checker;

import java.util.HashMap;
import java.util.Map;

/**
 * A table as {@link TableLifecycleModel} sees it: whether it exists and, if so, its present keys.
 *
 * @param keys the present keys (absent ones are left out); empty when the table does not exist
 */
public record TableState(boolean exists, Map<String, KeyState> keys) {
  public static final TableState MISSING = new TableState(false, Map.of());
  public static final TableState EMPTY = new TableState(true, Map.of());

  public TableState {
    keys = Map.copyOf(keys);
  }

  public KeyState key(String key) {
    return keys.getOrDefault(key, KeyState.ABSENT);
  }

  /** This state with key in state k. */
  public TableState with(String key, KeyState k) {
    Map<String, KeyState> changed = new HashMap<>(keys);
    if (k.isPresent()) {
      changed.put(key, k);
    } else {
      changed.remove(key);
    }
    return new TableState(exists, changed);
  }

  @Override
  public String toString() {
    return exists ? "exists " + keys : "missing";
  }
}
