package io.winter.cluster;

import java.io.IOException;
import java.util.OptionalLong;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;

/** What the catalog's leader knows of its followers: when it last heard from each. */
final class CatalogFollowers {
  private CatalogFollowers() {}

  /**
   * Milliseconds since this node, leading the catalog, last had a reply from the member: 0 for
   * itself, {@code Long.MAX_VALUE} for a member it has no follower state of; empty when this
   * node does not lead the catalog.
   */
  static OptionalLong sinceHeard(RaftNode node, String id) {
    try {
      RoleInfoProto role = Roles.of(node.server().getDivision(RaftNode.CATALOG_GROUP_ID))
          .orElse(RoleInfoProto.getDefaultInstance());
      if (!role.hasLeaderInfo()) {
        return OptionalLong.empty();
      }
      if (node.self().getId().toString().equals(id)) {
        return OptionalLong.of(0);
      }
      for (ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
        if (follower.getId().getId().toStringUtf8().equals(id)) {
          return OptionalLong.of(follower.getLastRpcElapsedTimeMs());
        }
      }
      return OptionalLong.of(Long.MAX_VALUE);
    } catch (IOException e) {
      return OptionalLong.empty(); // no catalog replica here
    }
  }
}
