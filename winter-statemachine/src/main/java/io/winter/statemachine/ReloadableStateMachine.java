package io.winter.statemachine;

import java.io.IOException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
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
  protected final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

  @Override
  public final StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public final void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      storage.init(raftStorage);
      load(storage.getLatestSnapshot());
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
    SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
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
    load(storage.loadLatestSnapshot());
    LifeCycle life = getLifeCycle();
    if (life.getCurrentState() == LifeCycle.State.PAUSED) {
      life.transition(LifeCycle.State.STARTING);
      life.transition(LifeCycle.State.RUNNING);
    }
  }

  /** Replaces the whole state with the snapshot's (nothing to do when there is none). */
  protected abstract void load(SingleFileSnapshotInfo snapshot) throws IOException;
}
