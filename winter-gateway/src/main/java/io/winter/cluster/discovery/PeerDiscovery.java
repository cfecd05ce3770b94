package io.winter.cluster.discovery;

import java.io.IOException;
import java.util.List;

/** A source of the current set of cluster nodes: a static list or DNS SRV records. */
public interface PeerDiscovery extends AutoCloseable {

  /**
   * The nodes as the source lists them now, sorted by id, without duplicate ids.
   *
   * @throws IOException when the source cannot be asked right now; callers retry later
   */
  List<PeerAddress> discover() throws IOException;

  @Override
  default void close() {}
}
