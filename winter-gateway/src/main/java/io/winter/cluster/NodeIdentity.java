package io.winter.cluster;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's id, chosen on its first start and remembered in its data directory (the Raft groups
 * on disk name this id as a member, so it must not change when the host name does), and its
 * incarnation, which changes whenever the node starts without its Raft state.
 */
public final class NodeIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);
  private static final String FILE = "node-id";
  private static final String INCARNATION_FILE = "node-incarnation";

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

  /**
   * The incarnation of this data directory's Raft state: the one stored while that state
   * exists, else a new random one. A node that lost its Raft state (a wiped disk, a deleted
   * directory) is a new incarnation even under its old id: the cluster must not take it for the
   * member whose votes and acknowledgements it forgot. A directory from before incarnations
   * gets one, as it keeps its state.
   */
  public static String incarnation(File dataDir, boolean hasRaftState) throws IOException {
    Path file = new File(dataDir, INCARNATION_FILE).toPath();
    if (hasRaftState && Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    String fresh = UUID.randomUUID().toString();
    Files.createDirectories(dataDir.toPath());
    Path tmp = file.resolveSibling(INCARNATION_FILE + ".tmp");
    Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    LOG.info("new incarnation {} for this node's data directory {}", fresh, dataDir);
    return fresh;
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
