package io.winter.cluster;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Builds the Ratis properties of a node's server and of its clients from Winter's settings. */
public final class RaftSettings {
  private RaftSettings() {}

  /**
   * Server properties: storage, port, snapshots, linearizable reads.
   *
   * @param maxEntryBytes the largest log entry a command can make (a PUTNEW of the longest key
   *     and value): Ratis refuses to replicate an entry larger than its appender buffer
   * @param soleNode the node runs alone (no peers, no DNS discovery), so every group it holds
   *     has this one replica
   */
  public static RaftProperties server(File storageDir, String bindHost, int raftPort,
                                      int snapshotThreshold, int maxEntryBytes,
                                      boolean soleNode) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(storageDir));
    GrpcConfigKeys.Server.setHost(p, bindHost);
    GrpcConfigKeys.Server.setPort(p, raftPort);
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftConfigKeys.Rpc.setType(p, new PromptHeartbeatRpc());
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, snapshotThreshold);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    // A removed group is a dropped table or a moved replica: its directory goes away.
    RaftServerConfigKeys.Snapshot.setTriggerWhenRemoveEnabled(p, false);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    // Every table is a group with its own log: keep per-group disk and memory modest.
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("8MB"));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf("256KB"));
    // Every group holds a direct write buffer of this size (Ratis' default is 8 MB, which
    // exhausts direct memory after a few dozen tables); it must exceed the appender buffer.
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(maxEntryBytes));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(maxEntryBytes + 8L));
    // Followers append in the order requests arrive, on the thread that received them. Ratis'
    // default composes appends asynchronously, and an append whose first index equals that of
    // one still pending is answered SUCCESS without its extra entries being written: the
    // leader's match index for that follower then runs ahead of its log (it may count the
    // follower towards commits of entries it never wrote, and resends from past the follower's
    // end for good). See docs/reliability.md, "catch-up stall".
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, false);
    // No metadata entry after each commit: Ratis' leader appends one (the new commit index) to
    // its log whenever the commit index moves, and it is written, replicated and synced like
    // any entry, doubling the entries of a table under light load and waking every follower
    // once more per commit. It only lets a restarted replica apply its own committed entries
    // before it hears from a leader; Raft does not need it (docs/benchmarks/notes.md).
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    // A leader's appender waits between failed appends to a follower: Ratis' default
    // ("1ms,10, 1s,20, 5s,1000") reaches 5 s once a follower has failed 30 times (a heartbeat,
    // an append, a timed-out request or an INCONSISTENCY reply each count), within about 20 s of
    // its stopping, so a node back from a restart heard from its leaders up to 5 s late, more
    // than once per group. At most 1 s for the first 300 failures (minutes of a dead follower),
    // 5 s beyond. Taken back twice before, each time after a replica that never caught up: on
    // 2026-12-04 the cause was Ratis' composed appends (off since), on 2026-12-07 it was not
    // established; the same day's replays showed groups added at run time failing to start
    // under a snapshot install, which StartingGroupGuard prevents, and an appender silent for
    // good is now restarted (SilentAppenderWatch). docs/reliability.md has the history.
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, "1ms,10, 100ms,20, 1s,300, 5s,1000");
    // Elections: generous timeouts so a GC or CPU-starved pause of a second does not depose a
    // healthy leader; a quick first election so a new table's group is ready at once.
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
    // A node alone has groups of one replica only: no other candidate can split a vote, so a
    // new group need not wait out a random first timeout before it elects itself (a CREATE on
    // one node took about 280 ms with the cluster's timeout, about 100 ms without it).
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p,
        TimeDuration.valueOf(soleNode ? 5 : 150, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p,
        TimeDuration.valueOf(soleNode ? 10 : 300, TimeUnit.MILLISECONDS));
    // A leader that steps down sits out elections this long (Ratis' default is 10 s). With Raft
    // priorities (Winter's groups had them until 2026-12-07, and groups created before keep them
    // until a configuration change) a preferred leader also refused its vote to an equally
    // up-to-date replica, so for that whole time its group could elect no one.
    RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p,
        TimeDuration.valueOf(2, TimeUnit.SECONDS));
    overrideFromJvmOptions(p);
    return p;
  }

  /**
   * JVM options {@code -Draft.<key>=<value>} set any Ratis property, of the server or of the
   * clients, over Winter's choice: a lever for measuring one against another, not a setting
   * (docs/benchmarks/notes.md).
   */
  static void overrideFromJvmOptions(RaftProperties p) {
    System.getProperties().stringPropertyNames().stream()
        .filter(key -> key.startsWith("raft."))
        .forEach(key -> p.set(key, System.getProperty(key)));
  }

  /** Client properties: outstanding async requests are bounded by the gateway, not here. */
  public static RaftProperties client(int requestTimeoutMs) {
    return client(requestTimeoutMs, Math.min(3000, requestTimeoutMs));
  }

  /**
   * Properties of a client of the catalog: each try waits at most 1 s for its answer before
   * the client tries another member. The catalog answers within milliseconds when it has a
   * leader; a try sent to a leader that stalled or was cut off would otherwise hold a CREATE
   * for 3 s of its 5 before the client asked anyone else (a retry of the same call is
   * answered from the leader's retry cache, never applied twice).
   */
  public static RaftProperties catalogClient(int requestTimeoutMs) {
    return client(requestTimeoutMs, Math.min(1000, requestTimeoutMs));
  }

  private static RaftProperties client(int requestTimeoutMs, int tryTimeoutMs) {
    RaftProperties p = new RaftProperties();
    // The ordered async client blocks its caller when this many are outstanding; the gateway
    // never calls from a thread that may block, and bounds outstanding requests per connection.
    RaftClientConfigKeys.Async.setOutstandingRequestsMax(p, 1 << 20);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p,
        TimeDuration.valueOf(tryTimeoutMs, TimeUnit.MILLISECONDS));
    // A new client's ordered stream opens with a watch request that every later write waits
    // behind; at Ratis' default watch timeout (10 s) a stalled or cut-off first peer held a new
    // client's first writes past the gateway's timeout. Winter's own watch (a new table's wait
    // for every replica) is bounded by its caller and retried by the client.
    RaftClientConfigKeys.Rpc.setWatchRequestTimeout(p,
        TimeDuration.valueOf(tryTimeoutMs, TimeUnit.MILLISECONDS));
    overrideFromJvmOptions(p);
    return p;
  }
}
