package io.winter.cluster;

import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.server.RaftServer;

/** A replica's role as Ratis reports it, when it has one. */
public final class Roles {
  private Roles() {}

  /**
   * The replica's role information; empty while its division is still starting and has no role
   * yet, when Ratis 3.3 throws instead of answering (RoleInfo.buildRoleInfoProto).
   */
  public static Optional<RoleInfoProto> of(RaftServer.Division division) {
    try {
      return Optional.of(division.getInfo().getRoleInfoProto());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
