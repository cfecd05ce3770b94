package io.winter.cluster;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.server.RaftServer;

/** Adds, closes and removes groups on this node's own Ratis server. */
final class LocalGroups {
  private final RaftPeerId self;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  LocalGroups(RaftPeerId self) {
    this.self = self;
  }

  /** Adds a group; one that exists already is left as it is. */
  void add(RaftServer server, RaftGroup group, boolean format) throws IOException {
    try {
      check(server.groupManagement(GroupManagementRequest.newAdd(
          clientId, self, callIds.incrementAndGet(), group, format)), "adding group");
    } catch (AlreadyExistsException e) {
      // the group is there, which is all the caller wants
    }
  }

  /** Closes a group and, if asked, deletes its directory; Ratis may wait here without end. */
  void remove(RaftServer server, RaftGroupId groupId, boolean deleteDirectory)
      throws IOException {
    check(server.groupManagement(GroupManagementRequest.newRemove(
        clientId, self, callIds.incrementAndGet(), groupId, deleteDirectory, false)),
        "removing group");
  }

  /**
   * Closes a replica and opens it again from the same directory: its term, vote and log stay as
   * they were; the group's members are only a starting point the log overrides.
   */
  void reopen(RaftServer server, RaftGroup group) throws IOException {
    remove(server, group.getGroupId(), false);
    add(server, group, false);
  }

  /**
   * True if the local replica knows no members. Ratis keeps a new group's members only in the
   * log, which the group's first leader starts; a replica restarted before that election comes
   * back with none, and waits for a leader that may never come (another replica may be lost).
   */
  static boolean withoutMembers(RaftServer server, RaftGroupId groupId) throws IOException {
    return server.getDivision(groupId).getRaftConf().getAllPeers().isEmpty();
  }

  static boolean has(RaftServer server, RaftGroupId groupId) throws IOException {
    for (RaftGroupId id : server.getGroupIds()) {
      if (id.equals(groupId)) {
        return true;
      }
    }
    return false;
  }

  private static void check(RaftClientReply reply, String what) throws IOException {
    if (!reply.isSuccess()) {
      throw reply.getException() != null ? reply.getException() : new IOException(what + " failed");
    }
  }
}
