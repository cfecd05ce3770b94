package io.winter.snapshot;

import io.winter.proto.TableCommandReply;
import io.winter.statemachine.AppliedRequests;
import io.winter.statemachine.TableStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-disk form of a table snapshot: a header with the log clock, then every entry as
 * length-prefixed key and value bytes with their deadline, then the replies of applied client
 * requests (when there are any), then an end marker.
 */
public final class TableSnapshotFormat {
  private static final int MAGIC_V1 = 0x57545331; // "WTS1": no flags
  private static final int MAGIC = 0x57545332; // "WTS2"
  private static final int END = 0x454e4421; // "END!"

  private TableSnapshotFormat() {}

  private static final int FLAG_SEALED = 1;
  /** The id of the DROP that sealed the table follows the flags, length-prefixed. */
  private static final int FLAG_SEALED_BY = 2;
  /** The replies of applied client requests follow the entries (see AppliedRequests). */
  private static final int FLAG_REQUESTS = 4;

  /**
   * The content of a table snapshot; {@code sealed} once the table has been dropped, and
   * {@code sealedBy} the id of the DROP that sealed it (empty if none was given).
   */
  public record Content(long clockMillis, List<TableStore.Entry> entries, boolean sealed,
                        byte[] sealedBy, List<AppliedRequests.OriginState> requests) {
    public Content {
      sealedBy = sealedBy == null ? new byte[0] : sealedBy;
      requests = requests == null ? List.of() : requests;
    }

    public Content(long clockMillis, List<TableStore.Entry> entries, boolean sealed,
                   byte[] sealedBy) {
      this(clockMillis, entries, sealed, sealedBy, List.of());
    }

    public Content(long clockMillis, List<TableStore.Entry> entries, boolean sealed) {
      this(clockMillis, entries, sealed, new byte[0]);
    }

    public Content(long clockMillis, List<TableStore.Entry> entries) {
      this(clockMillis, entries, false);
    }
  }

  public static void write(DataOutputStream out, Content content) throws IOException {
    out.writeInt(MAGIC);
    out.writeLong(content.clockMillis());
    boolean sealedBy = content.sealedBy().length > 0;
    boolean requests = !content.requests().isEmpty();
    out.writeInt((content.sealed() ? FLAG_SEALED : 0) | (sealedBy ? FLAG_SEALED_BY : 0)
        | (requests ? FLAG_REQUESTS : 0));
    if (sealedBy) {
      out.writeInt(content.sealedBy().length);
      out.write(content.sealedBy());
    }
    out.writeInt(content.entries().size());
    for (TableStore.Entry e : content.entries()) {
      byte[] key = e.key().bytes();
      byte[] value = e.value().bytes();
      out.writeInt(key.length);
      out.write(key);
      out.writeInt(value.length);
      out.write(value);
      out.writeLong(e.value().deadlineMillis());
    }
    if (requests) {
      writeRequests(out, content.requests());
    }
    out.writeInt(END);
  }

  public static Content read(File file) throws IOException {
    SnapshotFiles.verify(file);
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(file.toPath()), 1 << 16))) {
      int magic = in.readInt();
      if (magic != MAGIC && magic != MAGIC_V1) {
        throw new IOException("not a Winter table snapshot: " + file);
      }
      long clock = in.readLong();
      int flags = magic == MAGIC ? in.readInt() : 0;
      boolean sealed = (flags & FLAG_SEALED) != 0;
      byte[] sealedBy = (flags & FLAG_SEALED_BY) != 0 ? readBytes(in) : new byte[0];
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("negative entry count in table snapshot: " + file);
      }
      List<TableStore.Entry> entries = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        byte[] key = readBytes(in);
        byte[] value = readBytes(in);
        long deadline = in.readLong();
        entries.add(new TableStore.Entry(TableStore.Key.of(key),
            new TableStore.Value(value, deadline)));
      }
      List<AppliedRequests.OriginState> requests =
          (flags & FLAG_REQUESTS) != 0 ? readRequests(in) : List.of();
      if (in.readInt() != END) {
        throw new IOException("table snapshot without end marker: " + file);
      }
      return new Content(clock, entries, sealed, sealedBy, requests);
    } catch (EOFException e) {
      throw new IOException("truncated table snapshot: " + file, e);
    }
  }

  private static void writeRequests(DataOutputStream out,
                                    List<AppliedRequests.OriginState> origins)
      throws IOException {
    out.writeInt(origins.size());
    for (AppliedRequests.OriginState o : origins) {
      out.writeInt(o.origin().length);
      out.write(o.origin());
      out.writeLong(o.doneBelow());
      out.writeLong(o.lastStampMillis());
      out.writeInt(o.replies().size());
      for (Map.Entry<Long, TableCommandReply> r : o.replies().entrySet()) {
        out.writeLong(r.getKey());
        byte[] reply = r.getValue().toByteArray();
        out.writeInt(reply.length);
        out.write(reply);
      }
    }
  }

  private static List<AppliedRequests.OriginState> readRequests(DataInputStream in)
      throws IOException {
    int origins = in.readInt();
    if (origins < 0) {
      throw new IOException("negative origin count in table snapshot");
    }
    List<AppliedRequests.OriginState> states = new ArrayList<>(Math.min(origins, 1 << 10));
    for (int i = 0; i < origins; i++) {
      byte[] origin = readBytes(in);
      long doneBelow = in.readLong();
      long lastStamp = in.readLong();
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("negative request count in table snapshot");
      }
      Map<Long, TableCommandReply> replies = new HashMap<>();
      for (int r = 0; r < count; r++) {
        long seq = in.readLong();
        replies.put(seq, TableCommandReply.parseFrom(readBytes(in)));
      }
      states.add(new AppliedRequests.OriginState(origin, doneBelow, lastStamp, replies));
    }
    return states;
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("negative length in table snapshot");
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException();
    }
    return bytes;
  }
}
