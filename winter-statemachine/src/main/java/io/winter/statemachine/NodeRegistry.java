package io.winter.statemachine;

import io.winter.proto.CatalogCommandReply;
import io.winter.proto.CatalogCommandReply.Outcome;
import io.winter.proto.NodeEvacuated;
import io.winter.proto.NodeRecord;
import io.winter.proto.NodeRecord.State;
import io.winter.proto.RegisterNode;
import io.winter.proto.RetireNode;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The catalog's record of which incarnation answers to each node id, and whether a lost one
 * is still to be removed from the groups. Applied on the catalog's apply thread only.
 */
final class NodeRegistry {
  // Copy-on-write, like the tables: read by other threads, written by the apply thread.
  private volatile TreeMap<String, NodeRecord> nodes = new TreeMap<>();

  Optional<NodeRecord> lookup(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  Collection<NodeRecord> all() {
    return nodes.values();
  }

  void load(Collection<NodeRecord> records) {
    TreeMap<String, NodeRecord> loaded = new TreeMap<>();
    records.forEach(r -> loaded.put(r.getId(), r));
    nodes = loaded;
  }

  CatalogCommandReply register(RegisterNode register) {
    NodeRecord existing = nodes.get(register.getId());
    if (existing != null && existing.getIncarnation().equals(register.getIncarnation())) {
      return reply(Outcome.UNCHANGED, existing);
    }
    if (existing != null && existing.getState() == State.ACTIVE) {
      return reply(Outcome.CONFLICT, existing);
    }
    return reply(Outcome.REGISTERED, put(NodeRecord.newBuilder().setId(register.getId())
        .setIncarnation(register.getIncarnation()).setState(State.ACTIVE).build()));
  }

  CatalogCommandReply retire(RetireNode retire) {
    NodeRecord existing = nodes.get(retire.getId());
    if (existing == null && retire.getIncarnation().isEmpty()) {
      return reply(Outcome.RETIRED, put(NodeRecord.newBuilder().setId(retire.getId())
          .setState(State.RETIRED).build()));
    }
    if (existing == null || !existing.getIncarnation().equals(retire.getIncarnation())) {
      return reply(Outcome.MISSING, existing);
    }
    // From EVACUATED too: the id may have joined again since, under an incarnation lost before
    // it registered, and that one must leave the groups as well.
    return reply(Outcome.RETIRED, existing.getState() == State.RETIRED ? existing
        : put(existing.toBuilder().setState(State.RETIRED).build()));
  }

  CatalogCommandReply evacuated(NodeEvacuated evacuated) {
    NodeRecord existing = nodes.get(evacuated.getId());
    if (existing == null || existing.getState() != State.RETIRED
        || !existing.getIncarnation().equals(evacuated.getIncarnation())) {
      return reply(Outcome.MISSING, existing);
    }
    return reply(Outcome.UPDATED, put(existing.toBuilder().setState(State.EVACUATED).build()));
  }

  private NodeRecord put(NodeRecord record) {
    TreeMap<String, NodeRecord> next = new TreeMap<>(nodes);
    next.put(record.getId(), record);
    nodes = next;
    return record;
  }

  private static CatalogCommandReply reply(Outcome outcome, NodeRecord record) {
    CatalogCommandReply.Builder reply = CatalogCommandReply.newBuilder().setOutcome(outcome);
    if (record != null) {
      reply.setNode(record);
    }
    return reply.build();
  }
}
