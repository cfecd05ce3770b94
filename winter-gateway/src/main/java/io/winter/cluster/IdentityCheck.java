package io.winter.cluster;

import io.winter.cluster.CatalogProbe.Finding;
import io.winter.cluster.CatalogProbe.PeerState;
import io.winter.cluster.discovery.PeerDiscovery;
import io.winter.proto.CatalogCommandReply;
import io.winter.proto.CatalogCommandReply.Outcome;
import io.winter.proto.NodeRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.ratis.protocol.RaftPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how a node that starts without Raft state takes part, from what the other nodes say:
 * it founds the catalog only when no cluster exists yet; it joins as a new member otherwise,
 * first retiring the incarnation it replaces if the cluster still counts that one; and while an
 * existing cluster cannot answer, it waits, since founding again would bring back a member with
 * none of the votes and acknowledgements the cluster relies on.
 */
public final class IdentityCheck {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityCheck.class);
  static final String WAITING_FOR_CATALOG =
      "waiting for the cluster's catalog to confirm this node's identity";

  /** What to do: found, join (retiring {@code retire} first, when set), or wait. */
  public record Verdict(Kind kind, Optional<String> retire, String reason) {
    static Verdict found() {
      return new Verdict(Kind.FOUND, Optional.empty(), "founding the cluster");
    }

    static Verdict join(Optional<String> retire) {
      return new Verdict(Kind.JOIN, retire, "joining the cluster");
    }

    static Verdict await(String reason) {
      return new Verdict(Kind.WAIT, Optional.empty(), reason);
    }
  }

  /** The three ways a node without Raft state can go. */
  public enum Kind { FOUND, JOIN, WAIT }

  private final String selfId;
  private final String incarnation;
  private final List<RaftPeer> founders;
  private final PeerDiscovery discovery;
  private final CatalogProbe probe;

  /**
   * @param founders the members that form the catalog on a cluster's first start, this node
   *     included; empty when this node is not one of them
   */
  public IdentityCheck(String selfId, String incarnation, List<RaftPeer> founders,
                       PeerDiscovery discovery, CatalogProbe probe) {
    this.selfId = selfId;
    this.incarnation = incarnation;
    this.founders = List.copyOf(founders);
    this.discovery = discovery;
    this.probe = probe;
  }

  /**
   * Decides and carries the verdict out on the node's Raft server, started without groups:
   * founds the catalog, or retires the lost incarnation, or neither (the cluster adds it).
   */
  public void settle(RaftNode raft, Consumer<String> status)
      throws InterruptedException, IOException {
    Verdict verdict = await(raft::hasCatalog, status);
    if (verdict.kind() == Kind.FOUND) {
      raft.foundCatalog(founders);
    }
    if (verdict.retire().isPresent()) {
      retire(verdict.retire().get(), status);
    }
  }

  /** Probes every second until it can decide; reports why it waits through status. */
  public Verdict await(BooleanSupplier hostsCatalog, Consumer<String> status)
      throws InterruptedException {
    String said = null;
    status.accept("asking the other nodes whether the cluster exists and knows this node");
    while (true) {
      Verdict verdict = decide(probe.probe(others()), hostsCatalog.getAsBoolean());
      if (verdict.kind() != Kind.WAIT) {
        LOG.info("node {} (incarnation {}): {}{}", selfId, incarnation, verdict.reason(),
            verdict.retire().map(r -> ", replacing its lost incarnation '" + r + "'")
                .orElse(""));
        return verdict;
      }
      if (!verdict.reason().equals(said)) {
        LOG.info("{}", verdict.reason());
        said = verdict.reason();
      }
      status.accept(verdict.reason());
      TimeUnit.SECONDS.sleep(1);
    }
  }

  /** Asks the catalog, every second until it has, to retire the given lost incarnation. */
  public void retire(String lost, Consumer<String> status) throws InterruptedException {
    while (true) {
      Optional<CatalogCommandReply> reply = probe.retire(others(), lost);
      if (reply.isPresent() && (reply.get().getOutcome() == Outcome.RETIRED
          || reply.get().getOutcome() == Outcome.MISSING)) {
        LOG.info("the catalog retired this node's lost incarnation '{}': {}", lost,
            reply.get().getOutcome());
        return;
      }
      status.accept("waiting for the cluster's catalog to retire this node's lost incarnation");
      TimeUnit.SECONDS.sleep(1);
    }
  }

  Verdict decide(Finding finding, boolean hostsCatalog) {
    boolean founder = !founders.isEmpty();
    if (finding.answered()) {
      Optional<NodeRecord> record = finding.record();
      if (record.isPresent() && !record.get().getIncarnation().equals(incarnation)) {
        // A lost incarnation still counted: recorded as active, or listed as a member while
        // this node hosts no catalog (it joined again but was lost before it registered).
        boolean counted = record.get().getState() == NodeRecord.State.ACTIVE
            || (finding.listed() && !hostsCatalog);
        return Verdict.join(counted ? Optional.of(record.get().getIncarnation())
            : Optional.empty());
      }
      boolean listedWithoutCatalog = finding.listed() && !hostsCatalog;
      if (record.isEmpty() && listedWithoutCatalog && !founder) {
        return Verdict.join(Optional.of("")); // a member lost before it ever registered
      }
      // A founder listed but without the catalog is late to the cluster's first start.
      return founder && listedWithoutCatalog ? Verdict.found() : Verdict.join(Optional.empty());
    }
    if (finding.peers().containsValue(PeerState.CATALOG_WITH_HISTORY)) {
      return Verdict.await(WAITING_FOR_CATALOG + " (it does not answer)");
    }
    if (hostsCatalog) {
      return Verdict.join(Optional.empty()); // the cluster added this node meanwhile
    }
    if (!founder) {
      // Joining unasked would leave a lost incarnation of this id counted as a member: the
      // cluster would never add this node (it has the id already) nor retire the old one.
      return Verdict.await(WAITING_FOR_CATALOG + " (it has not answered yet)");
    }
    // No cluster has ever elected a leader: form it with a majority of the founders that can
    // tell, so a node cut off from the others does not take their silence for a new cluster.
    long seen = 1 + founders.stream().map(p -> p.getId().toString())
        .filter(id -> !id.equals(selfId))
        .map(id -> finding.peers().getOrDefault(id, PeerState.UNREACHABLE))
        .filter(s -> s != PeerState.UNREACHABLE).count();
    if (seen > founders.size() / 2) {
      return Verdict.found();
    }
    return Verdict.await("waiting for a majority of the " + founders.size()
        + " founding nodes to answer (" + seen + " do)");
  }

  private List<RaftPeer> others() {
    try {
      return discovery.discover().stream().filter(p -> !p.id().equals(selfId))
          .map(p -> ClusterBootstrap.peer(p.id(), p.address())).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
