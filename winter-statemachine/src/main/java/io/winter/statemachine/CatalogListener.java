package io.winter.statemachine;

import io.winter.proto.TableEntry;
import java.util.Collection;

/**
 * Told of every change the catalog applies on this node, so the node can add or remove its
 * local replicas of table groups. Called on the catalog's apply thread: return quickly.
 */
public interface CatalogListener {
  void tableCreated(TableEntry table);

  void tableDropped(TableEntry table);

  /** The table's replicas moved (a node joined the group, or left it). */
  default void replicasChanged(TableEntry before, TableEntry after) {}

  /** The whole catalog was replaced (a snapshot was loaded). */
  void catalogLoaded(Collection<TableEntry> tables);

  CatalogListener NONE = new CatalogListener() {
    @Override
    public void tableCreated(TableEntry table) {}

    @Override
    public void tableDropped(TableEntry table) {}

    @Override
    public void catalogLoaded(Collection<TableEntry> tables) {}
  };
}
