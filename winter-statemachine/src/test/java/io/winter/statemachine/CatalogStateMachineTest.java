package io.winter.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.winter.proto.CatalogCommand;
import io.winter.proto.CatalogCommandReply;
import io.winter.proto.CatalogCommandReply.Outcome;
import io.winter.proto.CatalogQuery;
import io.winter.proto.CatalogQueryReply;
import io.winter.proto.CatalogSnapshot;
import io.winter.proto.CreateTable;
import io.winter.proto.DropTable;
import io.winter.proto.ListTables;
import io.winter.proto.LookupNode;
import io.winter.proto.LookupTable;
import io.winter.proto.NodeEvacuated;
import io.winter.proto.NodeRecord;
import io.winter.proto.NodeRecord.State;
import io.winter.proto.Peer;
import io.winter.proto.RegisterNode;
import io.winter.proto.RetireNode;
import io.winter.proto.TableEntry;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogStateMachineTest {

  /** Only its id is used, to name the state machine in logs. */
  private static final RaftServer SERVER = (RaftServer) Proxy.newProxyInstance(
      RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class},
      (proxy, method, args) -> switch (method.getName()) {
        case "getId" -> RaftPeerId.valueOf("s1");
        case "toString" -> "s1";
        case "hashCode" -> 1;
        case "equals" -> proxy == args[0];
        default -> throw new UnsupportedOperationException(method.getName());
      });

  @TempDir
  Path dir;

  private final RecordingListener listener = new RecordingListener();
  private final CatalogStateMachine catalog = new CatalogStateMachine(listener);

  @Test
  void createCreatesATable() {
    TableEntry users = table("users", 1);

    CatalogCommandReply reply = catalog.apply(create(users, 0));

    assertThat(reply.getOutcome()).isEqualTo(Outcome.CREATED);
    assertThat(reply.getTable()).isEqualTo(users);
    assertThat(catalog.localLookup("users")).contains(users);
    assertThat(listener.events).containsExactly("created users");
  }

  @Test
  void aSecondCreateOfANameIsAlreadyExistsWithTheFirstEntry() {
    TableEntry first = table("users", 1);
    TableEntry second = table("users", 2);
    catalog.apply(create(first, 0));

    CatalogCommandReply reply = catalog.apply(create(second, 0));

    assertThat(reply.getOutcome()).isEqualTo(Outcome.ALREADY_EXISTS);
    assertThat(reply.getTable()).isEqualTo(first);
    assertThat(reply.getTable().getGroupId()).isEqualTo(first.getGroupId());
    assertThat(catalog.localLookup("users")).contains(first);
    assertThat(listener.events).containsExactly("created users");
  }

  @Test
  void theTableLimitIsEnforced() {
    assertThat(catalog.apply(create(table("a", 1), 2)).getOutcome()).isEqualTo(Outcome.CREATED);
    assertThat(catalog.apply(create(table("b", 2), 2)).getOutcome()).isEqualTo(Outcome.CREATED);

    CatalogCommandReply reply = catalog.apply(create(table("c", 3), 2));

    assertThat(reply.getOutcome()).isEqualTo(Outcome.LIMIT_REACHED);
    assertThat(reply.hasTable()).isFalse();
    assertThat(catalog.localLookup("c")).isEmpty();
    assertThat(listener.events).containsExactly("created a", "created b");
  }

  @Test
  void anExistingNameIsAlreadyExistsEvenAtTheLimit() {
    TableEntry a = table("a", 1);
    catalog.apply(create(a, 1));

    CatalogCommandReply reply = catalog.apply(create(table("a", 9), 1));

    assertThat(reply.getOutcome()).isEqualTo(Outcome.ALREADY_EXISTS);
    assertThat(reply.getTable()).isEqualTo(a);
  }

  @Test
  void dropFreesRoomUnderTheLimit() {
    catalog.apply(create(table("a", 1), 1));
    catalog.apply(drop("a"));

    assertThat(catalog.apply(create(table("b", 2), 1)).getOutcome()).isEqualTo(Outcome.CREATED);
  }

  @Test
  void noLimitWhenMaxTablesIsZero() {
    for (int i = 0; i < 50; i++) {
      assertThat(catalog.apply(create(table("t" + i, i), 0)).getOutcome())
          .isEqualTo(Outcome.CREATED);
    }
    assertThat(catalog.localTables()).hasSize(50);
  }

  @Test
  void dropDropsThenReportsMissing() {
    TableEntry users = table("users", 1);
    catalog.apply(create(users, 0));

    CatalogCommandReply dropped = catalog.apply(drop("users"));
    CatalogCommandReply again = catalog.apply(drop("users"));

    assertThat(dropped.getOutcome()).isEqualTo(Outcome.DROPPED);
    assertThat(dropped.getTable()).isEqualTo(users);
    assertThat(again.getOutcome()).isEqualTo(Outcome.MISSING);
    assertThat(again.hasTable()).isFalse();
    assertThat(catalog.localLookup("users")).isEmpty();
    assertThat(listener.events).containsExactly("created users", "dropped users");
  }

  @Test
  void aTableCreatedAgainAfterADropGetsTheNewEntry() {
    catalog.apply(create(table("t", 1), 0));
    catalog.apply(drop("t"));
    TableEntry fresh = table("t", 2);

    CatalogCommandReply reply = catalog.apply(create(fresh, 0));

    assertThat(reply.getOutcome()).isEqualTo(Outcome.CREATED);
    assertThat(catalog.localLookup("t")).contains(fresh);
    assertThat(listener.events).containsExactly("created t", "dropped t", "created t");
    assertThat(listener.tables.get(2).getGroupId()).isEqualTo(fresh.getGroupId());
  }

  @Test
  void aDropForOneGroupLeavesANewerTableOfTheSameNameAlone() {
    TableEntry old = table("t", 1);
    catalog.apply(create(old, 0));
    catalog.apply(drop("t"));
    TableEntry fresh = table("t", 2);
    catalog.apply(create(fresh, 0));

    CatalogCommandReply stale = catalog.apply(dropGroup("t", old));

    assertThat(stale.getOutcome()).isEqualTo(Outcome.MISSING);
    assertThat(catalog.localLookup("t")).contains(fresh);
    assertThat(catalog.apply(dropGroup("t", fresh)).getOutcome()).isEqualTo(Outcome.DROPPED);
    assertThat(catalog.localLookup("t")).isEmpty();
  }

  @Test
  void dropOfAnUnknownTableIsMissingAndTellsNoOne() {
    assertThat(catalog.apply(drop("nothing")).getOutcome()).isEqualTo(Outcome.MISSING);
    assertThat(listener.events).isEmpty();
  }

  @Test
  void anEmptyCommandChangesNothing() {
    assertThat(catalog.apply(CatalogCommand.getDefaultInstance()))
        .isEqualTo(CatalogCommandReply.getDefaultInstance());
    assertThat(catalog.localTables()).isEmpty();
    assertThat(listener.events).isEmpty();
  }

  @Test
  void localTablesAreSortedByName() {
    for (String name : List.of("orders", "Users", "a.b", "users", "_x", "9", "a-b")) {
      catalog.apply(create(table(name, name.hashCode()), 0));
    }

    assertThat(catalog.localTables()).extracting(TableEntry::getName)
        .containsExactly("9", "Users", "_x", "a-b", "a.b", "orders", "users");
  }

  @Test
  void localTablesIsASnapshotUnaffectedByLaterChanges() {
    catalog.apply(create(table("a", 1), 0));
    Collection<TableEntry> before = catalog.localTables();

    catalog.apply(create(table("b", 2), 0));
    catalog.apply(drop("a"));

    assertThat(before).extracting(TableEntry::getName).containsExactly("a");
    assertThat(catalog.localTables()).extracting(TableEntry::getName).containsExactly("b");
  }

  @Test
  void listTablesQueryReturnsEveryTableSorted() throws Exception {
    TableEntry b = table("b", 2);
    TableEntry a = table("a", 1);
    catalog.apply(create(b, 0));
    catalog.apply(create(a, 0));

    CatalogQueryReply reply = query(CatalogQuery.newBuilder()
        .setListTables(ListTables.getDefaultInstance()).build());

    assertThat(reply.getTablesList()).containsExactly(a, b);
  }

  @Test
  void listTablesOfAnEmptyCatalogIsEmpty() throws Exception {
    CatalogQueryReply reply = query(CatalogQuery.newBuilder()
        .setListTables(ListTables.getDefaultInstance()).build());

    assertThat(reply.getTablesList()).isEmpty();
  }

  @Test
  void lookupTableQueryFindsOnlyTheNamedTable() throws Exception {
    TableEntry users = table("users", 1);
    catalog.apply(create(users, 0));
    catalog.apply(create(table("orders", 2), 0));

    assertThat(query(lookup("users")).getTablesList()).containsExactly(users);
    assertThat(query(lookup("USERS")).getTablesList()).isEmpty();
    assertThat(query(lookup("nothing")).getTablesList()).isEmpty();
  }

  @Test
  void anEmptyQueryHasAnEmptyReply() throws Exception {
    assertThat(query(CatalogQuery.getDefaultInstance()))
        .isEqualTo(CatalogQueryReply.getDefaultInstance());
  }

  @Test
  void anUnreadableQueryFails() {
    Message garbage = Message.valueOf(
        org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(new byte[] {-1, -1}));

    assertThatThrownBy(() -> catalog.query(garbage).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void replicasApplyingTheSameLogAgree() {
    CatalogStateMachine other = new CatalogStateMachine(CatalogListener.NONE);
    List<CatalogCommand> log = List.of(
        create(table("a", 1), 3), create(table("b", 2), 3), create(table("a", 3), 3),
        create(table("c", 4), 3), create(table("d", 5), 3), drop("b"), drop("b"),
        create(table("d", 6), 3), create(table("e", 7), 3));

    for (CatalogCommand command : log) {
      assertThat(other.apply(command)).isEqualTo(catalog.apply(command));
    }

    assertThat(other.localTables()).containsExactlyElementsOf(catalog.localTables());
    assertThat(catalog.localTables()).extracting(TableEntry::getName)
        .containsExactly("a", "c", "d");
  }

  @Test
  void registerRecordsANewNodeOnceAndThenChangesNothing() throws Exception {
    CatalogCommandReply first = catalog.apply(register("n1", "a"));
    CatalogCommandReply again = catalog.apply(register("n1", "a"));

    assertThat(first.getOutcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(first.getNode()).isEqualTo(node("n1", "a", State.ACTIVE));
    assertThat(again.getOutcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(catalog.localNode("n1")).contains(node("n1", "a", State.ACTIVE));
    assertThat(query(lookupNode("n1")).getNode()).isEqualTo(node("n1", "a", State.ACTIVE));
    assertThat(query(lookupNode("n2")).hasNode()).isFalse();
    assertThat(listener.events).isEmpty();
  }

  @Test
  void anotherIncarnationOfAnActiveNodeIsAConflictAndChangesNothing() {
    catalog.apply(register("n1", "a"));

    CatalogCommandReply reply = catalog.apply(register("n1", "b"));

    assertThat(reply.getOutcome()).isEqualTo(Outcome.CONFLICT);
    assertThat(reply.getNode()).isEqualTo(node("n1", "a", State.ACTIVE));
    assertThat(catalog.localNode("n1")).contains(node("n1", "a", State.ACTIVE));
  }

  @Test
  void retireMarksOnlyTheNamedIncarnation() {
    catalog.apply(register("n1", "a"));

    assertThat(catalog.apply(retire("n1", "b")).getOutcome()).isEqualTo(Outcome.MISSING);
    assertThat(catalog.apply(retire("n2", "a")).getOutcome()).isEqualTo(Outcome.MISSING);
    assertThat(catalog.localNode("n1")).contains(node("n1", "a", State.ACTIVE));

    CatalogCommandReply reply = catalog.apply(retire("n1", "a"));
    assertThat(reply.getOutcome()).isEqualTo(Outcome.RETIRED);
    assertThat(reply.getNode()).isEqualTo(node("n1", "a", State.RETIRED));
    assertThat(catalog.apply(retire("n1", "a")).getOutcome()).isEqualTo(Outcome.RETIRED);
    assertThat(catalog.localNode("n1")).contains(node("n1", "a", State.RETIRED));
  }

  @Test
  void aRetiredIncarnationIsEvacuatedThenReplacedByANewOne() {
    catalog.apply(register("n1", "a"));
    assertThat(catalog.apply(evacuated("n1", "a")).getOutcome()).as("not retired yet")
        .isEqualTo(Outcome.MISSING);
    catalog.apply(retire("n1", "a"));
    assertThat(catalog.apply(evacuated("n1", "b")).getOutcome()).isEqualTo(Outcome.MISSING);

    assertThat(catalog.apply(evacuated("n1", "a")).getOutcome()).isEqualTo(Outcome.UPDATED);
    assertThat(catalog.localNode("n1")).contains(node("n1", "a", State.EVACUATED));

    CatalogCommandReply reply = catalog.apply(register("n1", "b"));
    assertThat(reply.getOutcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(catalog.localNode("n1")).contains(node("n1", "b", State.ACTIVE));
    assertThat(catalog.apply(retire("n1", "a")).getOutcome()).as("a late retire of the old one")
        .isEqualTo(Outcome.MISSING);
    assertThat(catalog.localNode("n1")).contains(node("n1", "b", State.ACTIVE));
  }

  @Test
  void aRetiredIncarnationIsReplacedEvenBeforeItIsEvacuated() {
    catalog.apply(register("n1", "a"));
    catalog.apply(retire("n1", "a"));

    assertThat(catalog.apply(register("n1", "b")).getOutcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(catalog.localNode("n1")).contains(node("n1", "b", State.ACTIVE));
  }

  @Test
  void retiringAnEvacuatedIncarnationAgainRetiresIt() {
    catalog.apply(register("n1", "a"));
    catalog.apply(retire("n1", "a"));
    catalog.apply(evacuated("n1", "a"));

    assertThat(catalog.apply(retire("n1", "a")).getOutcome()).isEqualTo(Outcome.RETIRED);
    assertThat(catalog.localNode("n1")).contains(node("n1", "a", State.RETIRED));
  }

  @Test
  void anEmptyIncarnationRetiresAnIdWithoutRecordOnly() {
    CatalogCommandReply reply = catalog.apply(retire("n1", ""));

    assertThat(reply.getOutcome()).isEqualTo(Outcome.RETIRED);
    assertThat(catalog.localNode("n1")).contains(node("n1", "", State.RETIRED));
    assertThat(catalog.apply(register("n1", "b")).getOutcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(catalog.apply(retire("n1", "")).getOutcome()).isEqualTo(Outcome.MISSING);
    assertThat(catalog.localNode("n1")).contains(node("n1", "b", State.ACTIVE));
  }

  @Test
  void replicasApplyingTheSameNodeCommandsAgree() {
    CatalogStateMachine other = new CatalogStateMachine(CatalogListener.NONE);
    List<CatalogCommand> log = List.of(register("n1", "a"), register("n2", "x"),
        register("n1", "b"), retire("n1", "a"), register("n1", "b"), evacuated("n1", "a"),
        retire("n3", ""), register("n3", "z"));

    for (CatalogCommand command : log) {
      assertThat(other.apply(command)).isEqualTo(catalog.apply(command));
    }

    assertThat(other.localNodes()).containsExactlyElementsOf(catalog.localNodes());
    assertThat(catalog.localNodes()).containsExactly(node("n1", "b", State.ACTIVE),
        node("n2", "x", State.ACTIVE), node("n3", "z", State.ACTIVE));
  }

  @Test
  void nodeRecordsRoundTripThroughASnapshot() throws Exception {
    RaftGroupId group = RaftGroupId.randomId();
    File storageDir = dir.resolve("catalog").toFile();
    try (RaftStorage storage = raftStorage(storageDir, RaftStorage.StartupOption.FORMAT)) {
      catalog.initialize(SERVER, group, storage);
      applyAt(catalog, 1, 1, create(table("a", 1), 0));
      applyAt(catalog, 1, 2, register("n1", "a"));
      applyAt(catalog, 1, 3, register("n2", "x"));
      applyAt(catalog, 1, 4, retire("n2", "x"));
      assertThat(catalog.takeSnapshot()).isEqualTo(4);
    }

    CatalogStateMachine restarted = new CatalogStateMachine(CatalogListener.NONE);
    try (RaftStorage storage = raftStorage(storageDir, RaftStorage.StartupOption.RECOVER)) {
      restarted.initialize(SERVER, group, storage);
    }

    assertThat(restarted.localNodes()).containsExactly(node("n1", "a", State.ACTIVE),
        node("n2", "x", State.RETIRED));
    assertThat(restarted.localTables()).extracting(TableEntry::getName).containsExactly("a");
  }

  @Test
  void aSnapshotWithoutNodeRecordsLoadsWithNone() throws Exception {
    CatalogSnapshot old = CatalogSnapshot.newBuilder().addTables(table("a", 1)).build();
    CatalogSnapshot parsed = CatalogSnapshot.parseFrom(old.toByteArray());

    assertThat(parsed.getNodesList()).isEmpty();
    assertThat(parsed.getTablesList()).extracting(TableEntry::getName).containsExactly("a");
  }

  @Test
  void snapshotAndInitializeRoundTripThroughRaftStorage() throws Exception {
    RaftGroupId group = RaftGroupId.randomId();
    File storageDir = dir.resolve("catalog").toFile();
    TableEntry a = table("a", 1);
    TableEntry c = table("c", 3);
    try (RaftStorage storage = raftStorage(storageDir, RaftStorage.StartupOption.FORMAT)) {
      catalog.initialize(SERVER, group, storage);
      assertThat(catalog.takeSnapshot()).isEqualTo(RaftLog.INVALID_LOG_INDEX);
      applyAt(catalog, 1, 1, create(a, 0));
      applyAt(catalog, 1, 2, create(table("b", 2), 0));
      applyAt(catalog, 2, 3, create(c, 0));
      applyAt(catalog, 2, 4, drop("b"));
      assertThat(catalog.takeSnapshot()).isEqualTo(4);
    }

    RecordingListener restartedListener = new RecordingListener();
    CatalogStateMachine restarted = new CatalogStateMachine(restartedListener);
    try (RaftStorage storage = raftStorage(storageDir, RaftStorage.StartupOption.RECOVER)) {
      restarted.initialize(SERVER, group, storage);
    }

    assertThat(restarted.localTables()).containsExactly(a, c);
    assertThat(restarted.getLastAppliedTermIndex().getTerm()).isEqualTo(2);
    assertThat(restarted.getLastAppliedTermIndex().getIndex()).isEqualTo(4);
    assertThat(restartedListener.events).containsExactly("loaded 2");
  }

  @Test
  void initializeRefusesACorruptedSnapshot() throws Exception {
    RaftGroupId group = RaftGroupId.randomId();
    File storageDir = dir.resolve("catalog").toFile();
    File snapshot;
    try (RaftStorage storage = raftStorage(storageDir, RaftStorage.StartupOption.FORMAT)) {
      catalog.initialize(SERVER, group, storage);
      applyAt(catalog, 1, 1, create(table("a", 1), 0));
      assertThat(catalog.takeSnapshot()).isEqualTo(1);
      snapshot = catalog.getStateMachineStorage().getLatestSnapshot().getFiles().get(0)
          .getPath().toFile();
    }
    try (RandomAccessFile raf = new RandomAccessFile(snapshot, "rw")) {
      // The table name's single character: still a well-formed protobuf, a different table.
      raf.seek(4);
      raf.write('z');
    }

    RecordingListener restartedListener = new RecordingListener();
    CatalogStateMachine restarted = new CatalogStateMachine(restartedListener);
    try (RaftStorage storage = raftStorage(storageDir, RaftStorage.StartupOption.RECOVER)) {
      assertThatThrownBy(() -> restarted.initialize(SERVER, group, storage))
          .isInstanceOf(IOException.class);
    }
    assertThat(restarted.localTables()).isEmpty();
    assertThat(restartedListener.events).isEmpty();
  }

  private static RaftStorage raftStorage(File directory, RaftStorage.StartupOption option)
      throws IOException {
    RaftStorage storage = RaftStorage.newBuilder()
        .setDirectory(directory)
        .setOption(option)
        .setStorageFreeSpaceMin(SizeInBytes.ONE_KB)
        .build();
    storage.initialize();
    return storage;
  }

  private static void applyAt(CatalogStateMachine machine, long term, long index,
                              CatalogCommand command) throws Exception {
    LogEntryProto entry = LogEntryProto.newBuilder()
        .setTerm(term)
        .setIndex(index)
        .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder()
            .setLogData(RatisMessages.toByteString(command)))
        .build();
    machine.applyTransaction(TransactionContext.newBuilder()
        .setServerRole(RaftPeerRole.FOLLOWER)
        .setStateMachine(machine)
        .setLogEntry(entry)
        .build()).get();
  }

  private CatalogQueryReply query(CatalogQuery query) throws Exception {
    return RatisMessages.catalogQueryReply(catalog.query(RatisMessages.toMessage(query)).get());
  }

  private static CatalogQuery lookup(String name) {
    return CatalogQuery.newBuilder().setLookupTable(LookupTable.newBuilder().setName(name))
        .build();
  }

  private static TableEntry table(String name, int id) {
    byte[] groupId = new byte[16];
    groupId[0] = (byte) (id >> 24);
    groupId[1] = (byte) (id >> 16);
    groupId[2] = (byte) (id >> 8);
    groupId[15] = (byte) id;
    return TableEntry.newBuilder()
        .setName(name)
        .setGroupId(ByteString.copyFrom(groupId))
        .addReplicas(Peer.newBuilder().setId("n1").setAddress("127.0.0.1:6061"))
        .addReplicas(Peer.newBuilder().setId("n2").setAddress("127.0.0.1:6062"))
        .build();
  }

  private static CatalogCommand create(TableEntry table, int maxTables) {
    return CatalogCommand.newBuilder()
        .setCreateTable(CreateTable.newBuilder().setTable(table).setMaxTables(maxTables))
        .build();
  }

  private static CatalogCommand register(String id, String incarnation) {
    return CatalogCommand.newBuilder().setRegisterNode(RegisterNode.newBuilder().setId(id)
        .setIncarnation(incarnation)).build();
  }

  private static CatalogCommand retire(String id, String incarnation) {
    return CatalogCommand.newBuilder().setRetireNode(RetireNode.newBuilder().setId(id)
        .setIncarnation(incarnation)).build();
  }

  private static CatalogCommand evacuated(String id, String incarnation) {
    return CatalogCommand.newBuilder().setNodeEvacuated(NodeEvacuated.newBuilder().setId(id)
        .setIncarnation(incarnation)).build();
  }

  private static NodeRecord node(String id, String incarnation, State state) {
    return NodeRecord.newBuilder().setId(id).setIncarnation(incarnation).setState(state).build();
  }

  private static CatalogQuery lookupNode(String id) {
    return CatalogQuery.newBuilder().setLookupNode(LookupNode.newBuilder().setId(id)).build();
  }

  private static CatalogCommand dropGroup(String name, TableEntry of) {
    return CatalogCommand.newBuilder().setDropTable(DropTable.newBuilder().setName(name)
        .setGroupId(of.getGroupId())).build();
  }

  private static CatalogCommand drop(String name) {
    return CatalogCommand.newBuilder().setDropTable(DropTable.newBuilder().setName(name)).build();
  }

  /** Records every call, in order. */
  private static final class RecordingListener implements CatalogListener {
    final List<String> events = new ArrayList<>();
    final List<TableEntry> tables = new ArrayList<>();

    @Override
    public void tableCreated(TableEntry table) {
      events.add("created " + table.getName());
      tables.add(table);
    }

    @Override
    public void tableDropped(TableEntry table) {
      events.add("dropped " + table.getName());
      tables.add(table);
    }

    @Override
    public void catalogLoaded(Collection<TableEntry> loaded) {
      events.add("loaded " + loaded.size());
    }
  }
}
