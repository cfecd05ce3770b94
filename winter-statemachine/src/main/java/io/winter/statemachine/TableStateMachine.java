package io.winter.statemachine;

import com.google.protobuf.InvalidProtocolBufferException;
import io.winter.proto.Batch;
import io.winter.proto.Get;
import io.winter.proto.GetMany;
import io.winter.proto.PutNew;
import io.winter.proto.TableCommand;
import io.winter.proto.TableCommandReply;
import io.winter.proto.TableQuery;
import io.winter.proto.TableQueryReply;
import io.winter.snapshot.TableSnapshotFormat;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of one table: PUTNEW, DELETE and expiry sweeps through the log, GET
 * through {@code query()}, and snapshots written in the background from an immutable copy.
 */
public final class TableStateMachine extends ReloadableStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(TableStateMachine.class);

  private final TableStore store = new TableStore();
  private final AppliedRequests requests = new AppliedRequests();
  private final Executor snapshotWriter;
  private final LongSupplier wallClock;
  private final AtomicBoolean snapshotInFlight = new AtomicBoolean();
  private volatile boolean sealed;
  /** The drop id of the seal that sealed the table (empty if it had none). */
  private volatile com.google.protobuf.ByteString sealedBy = com.google.protobuf.ByteString.EMPTY;
  /**
   * Tables up to this size snapshot whenever Ratis asks (every WINTER_SNAPSHOT_THRESHOLD
   * entries): copying and writing them costs a few milliseconds at most.
   */
  public static final long PROPORTIONAL_SNAPSHOTS_ABOVE_BYTES = 4L << 20;

  /** Held while the map and the applied index change together, so a digest sees both alike. */
  private final Object applyLock = new Object();
  /** Log bytes applied since the last snapshot's copy was taken (under applyLock). */
  private long logBytesSinceSnapshot;
  /** The table's bytes when that copy was taken or a snapshot was loaded (under applyLock). */
  private long tableBytesAtSnapshot;
  private final java.util.concurrent.atomic.AtomicLong snapshotsWritten =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong snapshotNanos =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param snapshotWriter where snapshot files are written, off the apply thread
   * @param wallClock the leader's clock for stamping entries and for reads
   */
  public TableStateMachine(Executor snapshotWriter, LongSupplier wallClock) {
    this.snapshotWriter = snapshotWriter;
    this.wallClock = wallClock;
  }

  public TableStateMachine(Executor snapshotWriter) {
    this(snapshotWriter, System::currentTimeMillis);
  }

  /** The table's map, for reads that need no Raft round (metrics, expiry checks). */
  public TableStore store() {
    return store;
  }

  @Override
  protected void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    TableSnapshotFormat.Content content = TableSnapshotFormat.read(file);
    synchronized (applyLock) {
      store.replaceWith(content.entries(), content.clockMillis());
      requests.replaceWith(content.requests());
      sealed = content.sealed();
      sealedBy = com.google.protobuf.ByteString.copyFrom(content.sealedBy());
      setLastAppliedTermIndex(snapshot.getTermIndex());
      logBytesSinceSnapshot = 0;
      tableBytesAtSnapshot = store.bytes();
    }
    LOG.info("{}: loaded {} keys from snapshot {}", getGroupId(), content.entries().size(), file);
  }

  /** Runs on the leader only: stamps the leader's time and the absolute expiry deadline. */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext.Builder trx = TransactionContext.newBuilder()
        .setStateMachine(this)
        .setClientRequest(request);
    TableCommand command;
    try {
      command = RatisMessages.tableCommand(request.getMessage());
    } catch (InvalidProtocolBufferException e) {
      TransactionContext failed = trx.build();
      failed.setException(new IOException("unreadable table command", e));
      return failed;
    }
    long stamp = Math.max(wallClock.getAsLong(), store.clockMillis());
    TableCommand stamped = stamp(command, stamp);
    // the leader applies through this same context: the command need not be parsed again
    return trx.setLogData(RatisMessages.toByteString(stamped)).setStateMachineContext(stamped)
        .build();
  }

  private static TableCommand stamp(TableCommand command, long stamp) {
    TableCommand.Builder stamped = command.toBuilder().setStampMillis(stamp);
    if (command.hasPutNew() && command.getPutNew().getTtlMillis() > 0) {
      PutNew put = command.getPutNew();
      stamped.setPutNew(put.toBuilder().setDeadlineMillis(stamp + put.getTtlMillis()));
    }
    if (command.hasBatch()) {
      Batch.Builder batch = Batch.newBuilder();
      for (TableCommand c : command.getBatch().getCommandsList()) {
        batch.addCommands(stamp(c, stamp));
      }
      stamped.setBatch(batch);
    }
    return stamped.build();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    TableCommandReply reply;
    synchronized (applyLock) {
      try {
        reply = apply(trx.getStateMachineContext() instanceof TableCommand started ? started
            : RatisMessages.tableCommand(entry.getStateMachineLogEntry().getLogData()));
      } catch (InvalidProtocolBufferException e) {
        // Unreadable entries cannot come from our leaders; skipping keeps every replica alike.
        LOG.error("{}: skipping unreadable entry {}", getGroupId(), entry.getIndex(), e);
        reply = TableCommandReply.getDefaultInstance();
      }
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      logBytesSinceSnapshot += entry.getStateMachineLogEntry().getLogData().size();
    }
    return CompletableFuture.completedFuture(RatisMessages.toMessage(reply));
  }

  TableCommandReply apply(TableCommand command) {
    long stamp = command.getStampMillis();
    if (command.hasSeal()) {
      return applySeal(command.getSeal().getDropId());
    }
    if (!command.hasRequest()) {
      return applyOnce(command, stamp);
    }
    TableCommandReply earlier = requests.before(command.getRequest(), stamp);
    if (earlier != null) {
      return earlier;
    }
    TableCommandReply reply = applyOnce(command, stamp);
    requests.record(command.getRequest(), reply);
    return reply;
  }

  private TableCommandReply applyOnce(TableCommand command, long stamp) {
    if (sealed) {
      return DROPPED;
    }
    return switch (command.getCommandCase()) {
      case PUT_NEW -> applyPutNew(command.getPutNew(), stamp);
      case DELETE -> changed(store.delete(command.getDelete().getKey().toByteArray(), stamp));
      case SWEEP -> TableCommandReply.newBuilder().setRemoved(store.sweep(stamp)).build();
      case BATCH -> applyBatch(command.getBatch());
      case SEAL, COMMAND_NOT_SET -> TableCommandReply.getDefaultInstance();
    };
  }

  /**
   * The first seal drops the table. A later one says the table was dropped already, unless it
   * comes from the same DROP (a retry whose first attempt took effect unseen).
   */
  private TableCommandReply applySeal(com.google.protobuf.ByteString dropId) {
    if (!sealed) {
      sealed = true;
      sealedBy = dropId;
      return TableCommandReply.getDefaultInstance();
    }
    return !dropId.isEmpty() && dropId.equals(sealedBy)
        ? TableCommandReply.getDefaultInstance() : DROPPED;
  }

  private TableCommandReply applyBatch(Batch batch) {
    TableCommandReply.Builder replies = TableCommandReply.newBuilder();
    for (TableCommand c : batch.getCommandsList()) {
      // a batch inside a batch, or a seal, never comes from our gateways: skip, as unreadable
      replies.addReplies(c.hasBatch() || c.hasSeal() ? TableCommandReply.getDefaultInstance()
          : apply(c));
    }
    return replies.build();
  }

  private static final TableCommandReply DROPPED =
      TableCommandReply.newBuilder().setDropped(true).build();

  @Override
  protected boolean updateLastAppliedTermIndex(TermIndex newTermIndex) {
    // Ratis also advances the index for entries that never reach applyTransaction
    // (configuration changes, a new leader's first entry).
    synchronized (applyLock) {
      return super.updateLastAppliedTermIndex(newTermIndex);
    }
  }

  /** The replica's state digest together with the log index it reflects. */
  public StateDigest digest() {
    synchronized (applyLock) {
      TermIndex applied = getLastAppliedTermIndex();
      return new StateDigest(applied == null ? -1 : applied.getIndex(), store.digest(),
          store.size(), sealed);
    }
  }

  /**
   * What a replica holds after applying its log up to {@code appliedIndex}: replicas at the same
   * index must report the same digest, key count and sealed flag.
   */
  public record StateDigest(long appliedIndex, long digest, int keys, boolean sealed) {}

  /** How many replies of client requests the table remembers for retries. */
  int rememberedRequests() {
    synchronized (applyLock) {
      return requests.size();
    }
  }

  /** Whether the table has been dropped: it then refuses every command. */
  public boolean isSealed() {
    return sealed;
  }

  private TableCommandReply applyPutNew(PutNew put, long stamp) {
    return changed(store.putNew(put.getKey().toByteArray(), put.getValue().toByteArray(),
        put.getDeadlineMillis(), stamp));
  }

  private static final TableCommandReply CHANGED =
      TableCommandReply.newBuilder().setChanged(true).build();

  /** Shared replies: tables keep one per remembered request, so they should cost nothing. */
  private static TableCommandReply changed(boolean changed) {
    return changed ? CHANGED : TableCommandReply.getDefaultInstance();
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      TableQuery query = RatisMessages.tableQuery(request);
      TableQueryReply reply = sealed ? TableQueryReply.newBuilder().setDropped(true).build()
          : switch (query.getQueryCase()) {
        case GET -> get(query.getGet().getKey().toByteArray());
        case GET_MANY -> getMany(query.getGetMany());
        case STATS -> stats();
        case QUERY_NOT_SET -> TableQueryReply.getDefaultInstance();
      };
      return CompletableFuture.completedFuture(RatisMessages.toMessage(reply));
    } catch (InvalidProtocolBufferException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private TableQueryReply get(byte[] key) {
    byte[] value = store.get(key, wallClock.getAsLong());
    if (value == null) {
      return TableQueryReply.getDefaultInstance();
    }
    return TableQueryReply.newBuilder().setFound(true).setValue(RatisMessages.bytesOf(value))
        .build();
  }

  private TableQueryReply getMany(GetMany gets) {
    TableQueryReply.Builder replies = TableQueryReply.newBuilder();
    for (Get g : gets.getGetsList()) {
      replies.addReplies(get(g.getKey().toByteArray()));
    }
    return replies.build();
  }

  private TableQueryReply stats() {
    TermIndex applied = getLastAppliedTermIndex();
    return TableQueryReply.newBuilder()
        .setKeys(store.size())
        .setBytes(store.bytes())
        .setLastAppliedIndex(applied == null ? -1 : applied.getIndex())
        .build();
  }

  /**
   * Copies the map on the apply thread (references only, but one per key) and writes the copy
   * on the snapshot writer, so applies stall only for the copy; waits while the log written
   * since the last snapshot is smaller than the table (see {@link #logSmallerThanTable}).
   * Returns the latest <em>completed</em> snapshot index: Ratis purges the log only up to what
   * is safely on disk, and asks again on later applies until the background write has finished.
   */
  @Override
  public long takeSnapshot() {
    TermIndex applied = getLastAppliedTermIndex();
    SingleFileSnapshotInfo latest = latestSnapshotFile();
    long latestIndex = latest == null ? RaftLog.INVALID_LOG_INDEX : latest.getIndex();
    if (applied == null || applied.getIndex() <= latestIndex || logSmallerThanTable()
        || !snapshotInFlight.compareAndSet(false, true)) {
      return latestIndex;
    }
    TableSnapshotFormat.Content copy;
    TermIndex at;
    synchronized (applyLock) {
      at = getLastAppliedTermIndex();
      copy = new TableSnapshotFormat.Content(store.clockMillis(), store.copyEntries(), sealed,
          sealedBy.toByteArray(), requests.copy());
      logBytesSinceSnapshot = 0;
      tableBytesAtSnapshot = store.bytes();
    }
    try {
      snapshotWriter.execute(() -> writeSnapshot(copy, at));
    } catch (RuntimeException e) {
      retrySnapshotSoon();
      snapshotInFlight.set(false);
      LOG.warn("{}: snapshot not scheduled", getGroupId(), e);
    }
    latest = latestSnapshotFile();
    return latest == null ? RaftLog.INVALID_LOG_INDEX : latest.getIndex();
  }

  /**
   * Whether a large table's log written since the last snapshot is still smaller than the table
   * was then. A snapshot rewrites the whole table, and its copy stalls the applies for a moment:
   * waiting until the log has grown as large as the table keeps the snapshot work in proportion
   * to what was written (a table of a million keys is not rewritten every few thousand entries),
   * while the log to replay after a restart stays no larger than the table.
   */
  private boolean logSmallerThanTable() {
    synchronized (applyLock) {
      return tableBytesAtSnapshot > PROPORTIONAL_SNAPSHOTS_ABOVE_BYTES
          && logBytesSinceSnapshot < tableBytesAtSnapshot;
    }
  }

  /** A snapshot that was not written is tried again at Ratis' next request, not later. */
  private void retrySnapshotSoon() {
    synchronized (applyLock) {
      tableBytesAtSnapshot = 0;
    }
  }

  /** Snapshots this replica has written since it started. */
  public long snapshotsWritten() {
    return snapshotsWritten.get();
  }

  /** Seconds spent writing those snapshots (in the background, off the apply thread). */
  public double snapshotSeconds() {
    return snapshotNanos.get() / 1e9;
  }

  private void writeSnapshot(TableSnapshotFormat.Content copy, TermIndex at) {
    long started = System.nanoTime();
    try {
      File file = storage.getSnapshotFile(at.getTerm(), at.getIndex());
      var info = io.winter.snapshot.SnapshotFiles.writeAtomically(file,
          out -> TableSnapshotFormat.write(out, copy));
      publishSnapshot(new SingleFileSnapshotInfo(info, at));
      snapshotsWritten.incrementAndGet();
      snapshotNanos.addAndGet(System.nanoTime() - started);
      LOG.debug("{}: snapshot of {} keys at {}", getGroupId(), copy.entries().size(), at);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: snapshot at {} failed", getGroupId(), at, e);
      retrySnapshotSoon();
    } finally {
      snapshotInFlight.set(false);
    }
  }
}
