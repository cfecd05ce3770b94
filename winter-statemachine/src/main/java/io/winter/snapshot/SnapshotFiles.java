package io.winter.snapshot;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.util.MD5FileUtil;

/**
 * Writes snapshot files atomically: a temporary file, fsync, rename, then the MD5 side file that
 * Ratis uses to recognise complete snapshots (and to verify one sent by a leader).
 */
public final class SnapshotFiles {
  private SnapshotFiles() {}

  /** Writes what the body produces into target, durably and atomically; returns its FileInfo. */
  public static FileInfo writeAtomically(File target, SnapshotBody body) throws IOException {
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    MessageDigest md5 = MD5FileUtil.newMD5();
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
      DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(new DigestOutputStream(raw, md5), 1 << 16));
      body.writeTo(out);
      out.flush();
      channel.force(true);
    }
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    MD5Hash digest = MD5Hash.newInstance(md5.digest());
    MD5FileUtil.saveMD5File(target, digest);
    return new FileInfo(target.toPath(), digest);
  }

  /** Checks a snapshot file against its MD5 side file, when there is one. */
  public static void verify(File file) throws IOException {
    File md5File = MD5FileUtil.getDigestFileForFile(file);
    if (md5File.exists()) {
      // verifySavedMD5 compares the stored digest with the one given: give it the computed one.
      MD5FileUtil.verifySavedMD5(file, MD5FileUtil.computeMd5ForFile(file));
    }
  }

  /** The content of a snapshot file. */
  @FunctionalInterface
  public interface SnapshotBody {
    void writeTo(DataOutputStream out) throws IOException;
  }
}
