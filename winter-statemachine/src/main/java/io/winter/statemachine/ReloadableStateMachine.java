package io.winter.statemachine;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;

/**
 * A state machine whose whole state can be reloaded from its latest snapshot file: at start, and
 * after this replica installed a snapshot sent by its leader (a follower that fell behind the
 * leader's purged log catches up only that way).
 *
 * <p>Ratis pauses the state machine before it swaps in an installed snapshot and then insists
 * that it is {@code PAUSED} before calling {@link #reinitialize()}; {@code BaseStateMachine}
 * leaves its life cycle untouched, so this class moves it RUNNING → PAUSED → RUNNING itself.
 */
abstract class ReloadableStateMachine extends BaseStateMachine {
  /** Whether a snapshot was published or loaded since old ones were last cleaned up. */
  private final AtomicBoolean cleanupDue = new AtomicBoolean(true);
  protected final SimpleStateMachineStorage storage = new SimpleStateMachineStorage() {
    /**
     * Ratis calls this after every takeSnapshot, also when the state machine declined to take
     * one (a write still in flight, a large table whose log has not outgrown it): without this
     * check, a directory listing per apply round on the apply thread, with nothing new to remove.
     */
    @Override
    public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
      if (cleanupDue.getAndSet(false)) {
        try {
          super.cleanupOldSnapshots(policy);
        } catch (IOException | RuntimeException e) {
          cleanupDue.set(true);
          throw e;
        }
      }
    }
  };
  private final Object snapshotLock = new Object();
  /** The latest snapshot file once the directory has been read (null: none); see below. */
  private SingleFileSnapshotInfo latestFile;
  /** Whether {@link #latestFile} is known, guarded like it by {@link #snapshotLock}. */
  private boolean latestFileKnown;
  private volatile File stateMachineDir;

  @Override
  public final StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public final void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      stateMachineDir = raftStorage.getStorageDir().getStateMachineDir();
      storage.init(raftStorage);
      load(latestSnapshotFile());
    }, IOException.class);
  }

  /**
   * The latest snapshot this state machine's state includes, not merely the latest file on
   * disk. Ratis can receive a snapshot while the replica is still starting, publish the file,
   * and fail before it reloads the state machine; reporting that file would make Ratis refuse
   * every later installation of the snapshot ("there exists snapshot file"), and the replica
   * would never catch up (found by CI's fixed-seed chaos run: a new node never joined).
   */
  @Override
  public final SnapshotInfo getLatestSnapshot() {
    SingleFileSnapshotInfo latest = latestSnapshotFile();
    TermIndex applied = getLastAppliedTermIndex();
    if (latest == null || applied == null || latest.getIndex() > applied.getIndex()) {
      return null;
    }
    return latest;
  }

  @Override
  public final void pause() {
    LifeCycle life = getLifeCycle();
    if (life.getCurrentState() == LifeCycle.State.RUNNING) {
      life.transition(LifeCycle.State.PAUSING);
      life.transition(LifeCycle.State.PAUSED);
    }
  }

  @Override
  public final void reinitialize() throws IOException {
    SingleFileSnapshotInfo installed;
    synchronized (snapshotLock) {
      installed = readLatestFromDirectory();
    }
    cleanupDue.set(true);
    load(installed);
    LifeCycle life = getLifeCycle();
    if (life.getCurrentState() == LifeCycle.State.PAUSED) {
      life.transition(LifeCycle.State.STARTING);
      life.transition(LifeCycle.State.RUNNING);
    }
  }

  /**
   * The latest snapshot file in storage. Ratis' storage reads its directory lazily the first
   * time and can race with a concurrent update: the reader then fails with a
   * NullPointerException, which stops the group's apply thread for good (seen in CI: a
   * background snapshot write finished while the apply thread asked for the latest). Every
   * read and update of the storage's latest snapshot goes through one lock.
   *
   * <p>The directory is read once, then the answer is kept: Ratis' storage caches only a
   * snapshot it found, so while a group has none (every young table) it listed the directory
   * on each call, and Ratis asks on every append a follower receives and every round of the
   * leader's appenders. Files appear there only through {@link #publishSnapshot} and through
   * an installed snapshot, after which {@link #reinitialize()} reads the directory again.
   */
  protected final SingleFileSnapshotInfo latestSnapshotFile() {
    synchronized (snapshotLock) {
      return latestFileKnown ? latestFile : readLatestFromDirectory();
    }
  }

  /**
   * Lists the directory for the latest snapshot file and keeps the answer. Ratis' storage
   * returns null both when there is none and when the listing failed: only a directory that
   * exists makes a null an answer, otherwise the next call lists again. Caller holds
   * {@link #snapshotLock}.
   */
  private SingleFileSnapshotInfo readLatestFromDirectory() {
    latestFile = storage.loadLatestSnapshot();
    File dir = stateMachineDir;
    latestFileKnown = latestFile != null || (dir != null && dir.isDirectory());
    return latestFile;
  }

  /** Records a snapshot file just written as the storage's latest. */
  protected final void publishSnapshot(SingleFileSnapshotInfo snapshot) {
    synchronized (snapshotLock) {
      SingleFileSnapshotInfo latest = storage.updateLatestSnapshot(snapshot);
      if (latestFileKnown) {
        latestFile = latest;
      }
    }
    cleanupDue.set(true);
  }

  /** Replaces the whole state with the snapshot's (nothing to do when there is none). */
  protected abstract void load(SingleFileSnapshotInfo snapshot) throws IOException;
}
