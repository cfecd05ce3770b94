package io.winter.cluster;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's id, chosen on its first start and remembered in its data directory: the Raft groups
 * on disk name this id as a member, so it must not change when the host name does.
 */
public final class NodeIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);
  private static final String FILE = "node-id";

  private NodeIdentity() {}

  public static String resolve(File dataDir, String configured) throws IOException {
    File file = new File(dataDir, FILE);
    if (file.exists()) {
      String stored = Files.readString(file.toPath(), StandardCharsets.UTF_8).trim();
      if (!configured.isEmpty() && !configured.equals(stored)) {
        LOG.warn("WINTER_NODE_ID={} differs from the id {} this data directory belongs to; "
            + "keeping {}", configured, stored, stored);
      }
      return stored;
    }
    String id = configured.isEmpty() ? hostName() : configured;
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new IOException("invalid node id '" + id + "': use letters, digits, _ . -");
    }
    Files.createDirectories(dataDir.toPath());
    Files.writeString(file.toPath(), id + "\n", StandardCharsets.UTF_8);
    return id;
  }

  private static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      int dot = name.indexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    } catch (IOException e) {
      return "winter";
    }
  }
}
