package io.winter.cluster;

import io.winter.proto.CatalogCommand;
import io.winter.proto.CatalogCommandReply;
import io.winter.proto.NodeRecord;
import io.winter.proto.RegisterNode;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records this node's incarnation in the catalog once the node is a member, on every start:
 * a read when the catalog has it already, one entry when not. Retries every second until done.
 */
public final class IncarnationRegistrar implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IncarnationRegistrar.class);
  private static final long CONFLICT_LOG_EVERY_MS = 30_000;

  private final RaftNode node;
  private final RaftStore store;
  private final String incarnation;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "winter-incarnation");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean registered;
  private long conflictLoggedAt;

  public IncarnationRegistrar(RaftNode node, RaftStore store, String incarnation) {
    this.node = node;
    this.store = store;
    this.incarnation = incarnation;
    timer.scheduleWithFixedDelay(this::attempt, 0, 1, TimeUnit.SECONDS);
  }

  /** Whether the catalog records this node's incarnation. */
  public boolean registered() {
    return registered;
  }

  private void attempt() {
    if (registered || !node.hasCatalog() || node.catalogPeers().isEmpty()
        || node.knownLeader(RaftNode.CATALOG_GROUP_ID) == null) {
      return; // not a member yet, or the catalog is electing: try again in a second
    }
    String id = node.self().getId().toString();
    try {
      Optional<NodeRecord> recorded = store.lookupNode(id).get(10, TimeUnit.SECONDS);
      if (recorded.isPresent() && recorded.get().getIncarnation().equals(incarnation)) {
        done(recorded.get().getState() == NodeRecord.State.ACTIVE ? "recorded already"
            : "recorded, but " + recorded.get().getState());
        return;
      }
      CatalogCommandReply reply = store.catalogCommand(CatalogCommand.newBuilder()
          .setRegisterNode(RegisterNode.newBuilder().setId(id).setIncarnation(incarnation))
          .build()).get(10, TimeUnit.SECONDS);
      switch (reply.getOutcome()) {
        case REGISTERED, UNCHANGED -> done(reply.getOutcome().name().toLowerCase());
        case CONFLICT -> conflict(reply.getNode());
        default -> LOG.warn("registering incarnation {}: unexpected outcome {}", incarnation,
            reply.getOutcome());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("registering incarnation {} failed; retrying: {}", incarnation, e.toString());
    }
  }

  private void done(String how) {
    registered = true;
    LOG.info("node {}: incarnation {} {} in the catalog", node.self().getId(), incarnation, how);
    timer.shutdown();
  }

  /**
   * Another active incarnation answers to this id: this node's retirement of it may still be
   * on its way, or two nodes share an id, or this data directory's incarnation file was lost.
   */
  private void conflict(NodeRecord other) {
    long now = System.currentTimeMillis();
    if (now - conflictLoggedAt >= CONFLICT_LOG_EVERY_MS) {
      conflictLoggedAt = now;
      LOG.warn("node {}: the catalog records another active incarnation {} for this id (this "
          + "one is {}): two nodes may share the id, or this data directory's node-incarnation "
          + "file was replaced; retrying", other.getId(), other.getIncarnation(), incarnation);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
