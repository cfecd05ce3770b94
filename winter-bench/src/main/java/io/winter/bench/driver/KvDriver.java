package io.winter.bench.driver;

import java.util.List;

/** A client library for one system: opens connections and prepares or clears its tables. */
public interface KvDriver extends AutoCloseable {

  /** Makes {@code tables} exist and empty (Winter: DROP and CREATE; others: delete the prefix). */
  void resetTables(List<String> tables) throws Exception;

  /** Removes {@code tables} and their data, so the next run starts from the same state. */
  void dropTables(List<String> tables) throws Exception;

  /** Opens the {@code index}-th connection of a run (drivers of clusters spread them over nodes). */
  KvConnection connect(int index) throws Exception;

  @Override
  void close();
}
