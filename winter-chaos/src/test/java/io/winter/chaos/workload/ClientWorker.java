package io.winter.chaos.workload;

import io.winter.chaos.cluster.ChaosNode;
import io.winter.chaos.history.OpType;
import io.winter.chaos.history.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * One client connection's loop. After an unknown outcome the client continues as a new process
 * (as in Jepsen): its earlier operation may still take effect at any later time, so it must not
 * count as finished before the next one starts.
 */
final class ClientWorker {
  /** Longer than the node's request timeout, so a live node answers before the socket gives up. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final Workload workload;
  private final Random random;
  private int process;
  private long seq;
  private WireClient client;

  ClientWorker(Workload workload, int index, Random random) {
    this.workload = workload;
    this.random = random;
    this.process = index;
  }

  void run() {
    long next = System.nanoTime();
    while (workload.running()) {
      next += (long) (workload.pauseNanos() * (0.5 + random.nextDouble()));
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      } else {
        next = System.nanoTime();
      }
      if (client == null && !connect()) {
        continue;
      }
      step();
    }
    if (client != null) {
      client.close();
    }
  }

  private boolean connect() {
    ChaosNode node = workload.pickNode(random);
    if (node == null) {
      return false;
    }
    try {
      client = WireClient.connect(node.host(), node.port(), READ_TIMEOUT);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void step() {
    boolean lifecycle = random.nextInt(100) < 20;
    String table;
    String key;
    OpType type;
    int epoch = workload.epoch();
    if (lifecycle) {
      table = Workload.lifecycleTable(random.nextInt(Workload.LIFECYCLE_TABLES), epoch);
      key = Workload.key(random.nextInt(Workload.LIFECYCLE_KEYS), epoch);
      int r = random.nextInt(100);
      type = r < 12 ? OpType.CREATE : r < 20 ? OpType.DROP : r < 45 ? OpType.PUTNEW
          : r < 90 ? OpType.GET : OpType.DELETE;
    } else {
      table = Workload.STABLE_TABLES.get(random.nextInt(Workload.STABLE_TABLES.size()));
      key = Workload.key(random.nextInt(Workload.STABLE_KEYS), epoch);
      int r = random.nextInt(100);
      type = r < 50 ? OpType.GET : r < 82 ? OpType.PUTNEW : OpType.DELETE;
    }
    String value = null;
    long expire = 0;
    if (type == OpType.PUTNEW) {
      value = "v" + process + "." + seq++;
      if (random.nextInt(3) == 0) {
        expire = 200 + random.nextInt(2300);
      }
    }
    if (type == OpType.CREATE || type == OpType.DROP) {
      key = null;
    }
    boolean unknown = call(process, type, table, key, value, expire);
    if (unknown) {
      process += workload.clients();
      client.close();
      client = null;
    }
  }

  /** Runs one operation on this worker's connection; true if its outcome is unknown. */
  private boolean call(int proc, OpType type, String table, String key, String value,
                       long expire) {
    return record(workload, client, proc, type, table, key, value, expire) == Outcome.UNKNOWN;
  }

  /**
   * One operation on a fresh connection to {@code node} (used for the final reads); true if it
   * got an answer that is not an error.
   */
  static boolean once(Workload workload, int proc, ChaosNode node, OpType type, String table,
                      String key, String value, long expire) {
    try (WireClient c = WireClient.connect(node.host(), node.port(), READ_TIMEOUT)) {
      return record(workload, c, proc, type, table, key, value, expire) == Outcome.OK;
    } catch (IOException e) {
      workload.protocolViolation("final read: cannot connect to " + node + ": " + e);
      return false;
    }
  }

  /**
   * Sends one op and records it; returns its outcome, except UNKNOWN whenever the connection
   * failed (a read is then recorded as failed, but the connection is no use any more).
   */
  private static Outcome record(Workload workload, WireClient c, int proc, OpType type,
                                String table, String key, String value, long expire) {
    long id = workload.history().invoke(proc, type, table, key, value, expire);
    String line = line(type, table, key, value, expire);
    try {
      String reply = c.call(line);
      if (!Replies.isPossible(type, reply)) {
        workload.protocolViolation(line + " -> " + reply);
      }
      Outcome outcome = Replies.outcome(type, reply);
      workload.history().complete(id, outcome, reply);
      return outcome;
    } catch (IOException e) {
      workload.history().complete(id,
          type == OpType.GET ? Outcome.FAIL : Outcome.UNKNOWN, "connection lost: " + e);
      // whatever the op's outcome, the connection is out of step (a late reply may still
      // come): the caller must not send on it again
      return Outcome.UNKNOWN;
    }
  }

  private static String line(OpType type, String table, String key, String value, long expire) {
    return switch (type) {
      case CREATE -> "CREATE " + table;
      case DROP -> "DROP " + table;
      case GET -> "GET " + table + " " + key;
      case DELETE -> "DELETE " + table + " " + key;
      case PUTNEW -> "PUTNEW " + table + " " + key + " " + value
          + (expire > 0 ? " EXPIRE " + expire : "");
    };
  }
}
