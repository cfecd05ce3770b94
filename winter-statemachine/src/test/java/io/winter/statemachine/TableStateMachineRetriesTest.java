package io.winter.statemachine;

import static io.winter.statemachine.TableStateMachineTest.T0;
import static io.winter.statemachine.TableStateMachineTest.delete;
import static io.winter.statemachine.TableStateMachineTest.put;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.winter.proto.RequestId;
import io.winter.proto.TableCommand;
import io.winter.proto.TableCommandReply;
import java.io.File;
import java.nio.file.Path;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.storage.RaftStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client request retried by its gateway applies at most once, whatever came between. */
class TableStateMachineRetriesTest {
  private static final ByteString GATEWAY_A = ByteString.copyFromUtf8("gateway-a-origin");
  private static final ByteString GATEWAY_B = ByteString.copyFromUtf8("gateway-b-origin");

  @TempDir
  Path dir;

  private final TableStateMachine machine = new TableStateMachine(Runnable::run, () -> T0);

  @Test
  void aPutNewRetriedAfterAnotherClientsDeleteIsNotAppliedAgain() {
    TableCommand put = as(put("k", "v1", 0, T0), GATEWAY_A, 1, 1);

    assertThat(machine.apply(put).getChanged()).isTrue();
    assertThat(machine.apply(as(delete("k", T0 + 1), GATEWAY_B, 1, 1)).getChanged()).isTrue();
    TableCommandReply retry = machine.apply(stampedAt(put, T0 + 2));

    assertThat(retry.getChanged()).as("the first try's reply").isTrue();
    assertThat(machine.store().get("k".getBytes(UTF_8), T0 + 2)).isNull();
  }

  @Test
  void aRetriedDeleteDoesNotRemoveAValueWrittenSince() {
    machine.apply(put("k", "old", 0, T0));
    TableCommand delete = as(delete("k", T0 + 1), GATEWAY_A, 5, 5);

    machine.apply(delete);
    machine.apply(as(put("k", "new", 0, T0 + 2), GATEWAY_B, 1, 1));
    machine.apply(stampedAt(delete, T0 + 3));

    assertThat(machine.store().get("k".getBytes(UTF_8), T0 + 3)).isEqualTo("new".getBytes(UTF_8));
  }

  @Test
  void requestsWithoutAnIdAndDifferentIdsApplyEachTime() {
    machine.apply(put("k", "v", 0, T0));
    machine.apply(delete("k", T0));
    assertThat(machine.apply(put("k", "v", 0, T0)).getChanged()).isTrue();

    machine.apply(as(delete("k", T0), GATEWAY_A, 1, 1));
    assertThat(machine.apply(as(put("k", "w", 0, T0), GATEWAY_A, 2, 1)).getChanged()).isTrue();
    assertThat(machine.apply(as(delete("k", T0), GATEWAY_A, 3, 1)).getChanged()).isTrue();
    assertThat(machine.rememberedRequests()).isEqualTo(3);
  }

  @Test
  void repliesBelowTheOriginsDoneMarkAreForgottenAndTheirLateTriesRefused() {
    TableCommand slow = as(put("k", "late", 0, T0), GATEWAY_A, 1, 1);
    machine.apply(as(put("j", "v", 0, T0), GATEWAY_A, 2, 1));
    // the gateway gave up on request 1 and says so with request 3
    machine.apply(as(delete("j", T0), GATEWAY_A, 3, 3));

    assertThat(machine.rememberedRequests()).isEqualTo(1);
    assertThat(machine.apply(slow)).isEqualTo(AppliedRequests.REFUSED_LATE);
    assertThat(machine.store().get("k".getBytes(UTF_8), T0)).isNull();
  }

  @Test
  void aRequestAppliedBeforeTheDropIsToldItAppliedAfterIt() {
    TableCommand put = as(put("k", "v", 0, T0), GATEWAY_A, 1, 1);
    machine.apply(put);
    machine.apply(TableCommand.newBuilder().setSeal(io.winter.proto.Seal.getDefaultInstance())
        .build());

    assertThat(machine.apply(put).getDropped()).isFalse();
    assertThat(machine.apply(as(put("j", "v", 0, T0), GATEWAY_A, 2, 1)).getDropped()).isTrue();
  }

  @Test
  void eachCommandOfABatchIsAppliedAtMostOnce() {
    TableCommand first = as(put("k", "v", 0, T0), GATEWAY_A, 1, 1);
    machine.apply(first);
    machine.apply(delete("k", T0));
    TableCommand batch = TableCommand.newBuilder().setStampMillis(T0)
        .setBatch(io.winter.proto.Batch.newBuilder().addCommands(first)
            .addCommands(as(put("j", "w", 0, T0), GATEWAY_A, 2, 1)))
        .build();

    assertThat(machine.apply(batch).getRepliesList()).extracting(TableCommandReply::getChanged)
        .containsExactly(true, true);
    assertThat(machine.store().size()).isEqualTo(1);
  }

  @Test
  void anOriginIdleForTenMinutesIsForgotten() {
    machine.apply(as(put("k", "v", 0, T0), GATEWAY_A, 1, 1));
    machine.apply(as(put("j", "v", 0, T0 + AppliedRequests.IDLE_ORIGIN_MILLIS + 1),
        GATEWAY_B, 1, 1));

    assertThat(machine.rememberedRequests()).isEqualTo(1);
  }

  @Test
  void repliesSurviveASnapshotAndARestart() throws Exception {
    RaftGroupId group = RaftGroupId.randomId();
    File storageDir = dir.resolve("raft").toFile();
    TableCommand put = as(put("k", "v", 0, T0), GATEWAY_A, 7, 7);
    try (RaftStorage storage = TableStateMachineTest.raftStorage(storageDir,
        RaftStorage.StartupOption.FORMAT)) {
      machine.initialize(TableStateMachineTest.SERVER, group, storage);
      TableStateMachineTest.applyAt(machine, 1, 1, put);
      TableStateMachineTest.applyAt(machine, 1, 2, delete("k", T0 + 1));
      assertThat(machine.takeSnapshot()).isEqualTo(2);
    }

    TableStateMachine restarted = new TableStateMachine(Runnable::run, () -> T0);
    try (RaftStorage storage = TableStateMachineTest.raftStorage(storageDir,
        RaftStorage.StartupOption.RECOVER)) {
      restarted.initialize(TableStateMachineTest.SERVER, group, storage);
    }

    assertThat(restarted.rememberedRequests()).isEqualTo(1);
    assertThat(restarted.apply(stampedAt(put, T0 + 2)).getChanged()).isTrue();
    assertThat(restarted.store().size()).as("the retry was not applied again").isZero();
  }

  private static TableCommand as(TableCommand command, ByteString origin, long seq,
                                 long doneBelow) {
    return command.toBuilder().setRequest(RequestId.newBuilder().setOrigin(origin).setSeq(seq)
        .setDoneBelow(doneBelow)).build();
  }

  private static TableCommand stampedAt(TableCommand command, long stamp) {
    return command.toBuilder().setStampMillis(stamp).build();
  }
}
