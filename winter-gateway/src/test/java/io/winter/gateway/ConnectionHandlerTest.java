package io.winter.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.OrderedEventExecutor;
import io.winter.cluster.MissingTableException;
import io.winter.cluster.WinterStore;
import io.winter.codec.LineFrameDecoder;
import io.winter.codec.ReplyEncoder;
import io.winter.command.CommandExecutor;
import io.winter.command.CommandParser;
import io.winter.command.ParserLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionHandlerTest {

  private static final long LONG_TIMEOUT_MS = 60_000;

  private final FakeStore store = new FakeStore();
  private EmbeddedChannel channel;

  @AfterEach
  void closeChannel() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  // ------------------------------------------------------------------------ ordering

  @Test
  void repliesComeInRequestOrderWhateverOrderTheStoreAnswers() {
    open(1024);

    send("PUTNEW t a 1", "PUTNEW u b 2", "GET v c");
    assertThat(store.calls()).containsExactly("putNew t a 1", "putNew u b 2", "get v c");

    answer("get v c", Optional.of(bytes("value c")));
    assertThat(replies()).isEmpty();
    answer("putNew t a 1", null);
    assertThat(replies()).isEqualTo("ok\r\n");
    answer("putNew u b 2", null);
    assertThat(replies()).isEqualTo("ok\r\nvalue c\r\n");
  }

  @Test
  void manyPipelinedRequestsAnsweredInReverseComeOutInOrder() {
    open(1024);
    List<String> lines = IntStream.range(0, 50).mapToObj(i -> "GET t k" + i).toList();

    send(lines.toArray(String[]::new));
    for (int i = 49; i >= 0; i--) {
      answer("get t k" + i, Optional.of(bytes("v" + i)));
    }

    assertThat(replies()).isEqualTo(IntStream.range(0, 50).mapToObj(i -> "v" + i + "\r\n")
        .collect(Collectors.joining()));
  }

  @Test
  void aGetWaitsForTheConnectionsEarlierWriteToItsTable() {
    open(1024);

    send("PUTNEW t k v", "GET t k", "GET u k");

    assertThat(store.calls()).containsExactly("putNew t k v", "get u k");
    answer("get u k", Optional.empty());
    assertThat(store.calls()).doesNotContain("get t k");

    answer("putNew t k v", null);
    assertThat(store.calls()).containsExactly("putNew t k v", "get u k", "get t k");
    assertThat(store.completedBefore("putNew t k v", "get t k")).isTrue();

    answer("get t k", Optional.of(bytes("v")));
    assertThat(replies()).isEqualTo("ok\r\nv\r\nnil\r\n");
  }

  @Test
  void aGetWaitsForTheLastOfSeveralWritesToItsTable() {
    open(1024);

    send("PUTNEW t a 1", "DELETE t b", "GET t a");
    assertThat(store.calls()).containsExactly("putNew t a 1", "delete t b");

    answer("delete t b", null);
    assertThat(store.calls()).containsExactly("putNew t a 1", "delete t b", "get t a");
    answer("get t a", Optional.of(bytes("1")));
    assertThat(replies()).isEmpty();
    answer("putNew t a 1", null);
    assertThat(replies()).isEqualTo("ok\r\nok\r\n1\r\n");
  }

  @Test
  void aGetAfterAFinishedWriteGoesStraightToTheStore() {
    open(1024);
    send("PUTNEW t k v");
    answer("putNew t k v", null);
    assertThat(replies()).isEqualTo("ok\r\n");

    send("GET t k");

    assertThat(store.calls()).containsExactly("putNew t k v", "get t k");
  }

  @Test
  void writesToOneTableAreIssuedInRequestOrder() {
    open(1024);

    send("PUTNEW t a 1", "DELETE t a", "PUTNEW t a 2", "PUTNEW u x 9", "DELETE t b");

    assertThat(store.calls()).containsExactly(
        "putNew t a 1", "delete t a", "putNew t a 2", "putNew u x 9", "delete t b");
    store.completeAllInReverse();
    assertThat(replies()).isEqualTo("ok\r\n".repeat(5));
  }

  @Test
  void aBarrierWaitsForEarlierCommandsAndHoldsBackLaterOnes() {
    open(1024);

    send("PUTNEW t a 1", "GET u b", "CREATE x", "GET t a", "PING");
    assertThat(store.calls()).containsExactly("putNew t a 1", "get u b");

    answer("putNew t a 1", null);
    assertThat(store.calls()).containsExactly("putNew t a 1", "get u b");
    answer("get u b", Optional.empty());
    assertThat(store.calls()).containsExactly("putNew t a 1", "get u b", "create x");

    assertThat(replies()).isEqualTo("ok\r\nnil\r\n");
    answer("create x", WinterStore.CreateOutcome.CREATED);
    assertThat(store.calls()).containsExactly("putNew t a 1", "get u b", "create x", "get t a");
    answer("get t a", Optional.of(bytes("1")));
    assertThat(replies()).isEqualTo("created\r\n1\r\npong\r\n");
  }

  @Test
  void dropAndTablesAreBarriersToo() {
    open(1024);

    send("DROP x", "TABLES", "GET t a");
    assertThat(store.calls()).containsExactly("drop x");
    answer("drop x", true);
    assertThat(store.calls()).containsExactly("drop x", "tables");
    answer("tables", List.of("a", "b"));
    assertThat(store.calls()).containsExactly("drop x", "tables", "get t a");
    answer("get t a", Optional.empty());

    assertThat(replies()).isEqualTo("dropped\r\na b\r\nnil\r\n");
  }

  @Test
  void aCommandToATableThisNodeCannotRouteRunsAlone() {
    open(1024);
    store.unrouted.add("far");

    send("GET t a", "PUTNEW far k v", "GET t b");
    assertThat(store.calls()).containsExactly("get t a");
    answer("get t a", Optional.empty());
    assertThat(store.calls()).containsExactly("get t a", "putNew far k v");
    answer("putNew far k v", null);
    assertThat(store.calls()).containsExactly("get t a", "putNew far k v", "get t b");
    answer("get t b", Optional.empty());

    assertThat(replies()).isEqualTo("nil\r\nok\r\nnil\r\n");
  }

  @Test
  void localRepliesAreAnsweredInOrderAmongPendingOnes() {
    open(1024);

    send("GET t a", "PING", "", "  \t", "FROB x", "GET t", "PUTNEW t k v EXPIRE soon", "PING");
    assertThat(store.calls()).containsExactly("get t a");
    assertThat(replies()).isEmpty();

    answer("get t a", Optional.of(bytes("1")));
    assertThat(replies()).isEqualTo("1\r\npong\r\n\r\n\r\nunrecognized command FROB\r\n"
        + "error wrong number of arguments for GET: usage GET <table> <key>\r\n"
        + "error invalid EXPIRE value 'soon': expected a whole number of milliseconds"
        + " from 1 to 315360000000\r\n"
        + "pong\r\n");
  }

  @Test
  void aPingOnAnIdleConnectionIsAnsweredAtOnce() {
    open(1024);

    send("PING", "ping", "");

    assertThat(replies()).isEqualTo("pong\r\npong\r\n\r\n");
    assertThat(store.calls()).isEmpty();
  }

  @Test
  void aPipelinedBurstAnsweredAtOnceLeavesWithOneFlush() {
    open(1024);
    AtomicInteger flushes = new AtomicInteger();
    channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        flushes.incrementAndGet();
        ctx.flush();
      }
    });

    send("PING", "PING", "FROB x", "PING");

    assertThat(replies()).isEqualTo("pong\r\npong\r\nunrecognized command FROB\r\npong\r\n");
    assertThat(flushes).hasValue(1);
  }

  @Test
  void crlfLineEndingsWork() {
    open(1024);

    channel.writeInbound(Unpooled.copiedBuffer("PING\r\nGET t k\r\n", UTF_8));
    answer("get t k", Optional.of(bytes("v")));

    assertThat(replies()).isEqualTo("pong\r\nv\r\n");
  }

  @Test
  void valuesComeBackByteForByte() {
    open(1024);
    byte[] value = {(byte) 0xC3, (byte) 0xA9, ' ', 0, (byte) 0xFF, '\t', 'x'};

    channel.writeInbound(Unpooled.wrappedBuffer(
        bytes("PUTNEW t k "), value, bytes("\nGET t k\n")));
    assertThat(store.values.get(0)).containsExactly(value);
    store.call("putNew t k " + new String(value, UTF_8)).complete(null);
    answer("get t k", Optional.of(value.clone()));

    byte[] expected = new byte[4 + value.length + 2];
    System.arraycopy(bytes("ok\r\n"), 0, expected, 0, 4);
    System.arraycopy(value, 0, expected, 4, value.length);
    expected[expected.length - 2] = '\r';
    expected[expected.length - 1] = '\n';
    assertThat(replyBytes()).containsExactly(expected);
  }

  // --------------------------------------------------------------------------- QUIT

  @Test
  void quitSaysByeAfterEarlierRepliesAndCloses() {
    open(1024);

    send("GET t a", "PING", "QUIT", "PING", "GET t b");
    assertThat(replies()).isEmpty();
    assertThat(channel.isOpen()).isTrue();

    answer("get t a", Optional.of(bytes("1")));

    assertThat(replies()).isEqualTo("1\r\npong\r\nbye\r\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(store.calls()).containsExactly("get t a");
  }

  @Test
  void quitOnAnIdleConnectionClosesAtOnce() {
    open(1024);

    send("QUIT");

    assertThat(replies()).isEqualTo("bye\r\n");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void linesSentAfterQuitAreIgnored() {
    open(1024);
    send("GET t a", "QUIT");

    send("PING", "GET t b");

    assertThat(store.calls()).containsExactly("get t a");
    answer("get t a", Optional.empty());
    assertThat(replies()).isEqualTo("nil\r\nbye\r\n");
  }

  // ------------------------------------------------------------------ node stopping

  @Test
  void aStoppingNodeAnswersWhatItSentToTheStoreAndRefusesTheRestInOrderThenCloses() {
    open(1024);
    send("PUTNEW t a 1", "CREATE u", "GET t a", "PING");
    assertThat(store.calls()).containsExactly("putNew t a 1");

    channel.pipeline().fireUserEventTriggered(ConnectionHandler.STOP);
    assertThat(replies()).isEmpty();
    assertThat(channel.isOpen()).isTrue();
    assertThat(channel.config().isAutoRead()).isFalse();

    answer("putNew t a 1", null);
    String stopping = "error unavailable: this node is stopping\r\n";
    assertThat(replies()).isEqualTo("ok\r\n" + stopping + stopping + stopping);
    assertThat(channel.isOpen()).isFalse();
    assertThat(store.calls()).containsExactly("putNew t a 1");
  }

  @Test
  void linesReadAfterTheStopAreRefusedNotSentToTheStore() {
    open(1024);
    send("GET t a");
    channel.pipeline().fireUserEventTriggered(ConnectionHandler.STOP);

    send("PUTNEW t b 2");

    assertThat(store.calls()).containsExactly("get t a");
    answer("get t a", Optional.of(bytes("1")));
    assertThat(replies()).isEqualTo("1\r\nerror unavailable: this node is stopping\r\n");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void anIdleConnectionClosesAtOnceWhenTheNodeStops() {
    open(1024);

    channel.pipeline().fireUserEventTriggered(ConnectionHandler.STOP);

    assertThat(replies()).isEmpty();
    assertThat(channel.isOpen()).isFalse();
  }

  // -------------------------------------------------------------------- backpressure

  @Test
  void aFullPipelineStopsReadingAndResumesWhenRepliesDrain() {
    open(4);

    send(IntStream.range(0, 10).mapToObj(i -> "GET t k" + i).toArray(String[]::new));

    assertThat(channel.config().isAutoRead()).isFalse();
    assertThat(store.outstanding()).isEqualTo(4);
    assertThat(store.calls()).hasSize(4);

    // Answer the oldest outstanding one at a time; never more than 4 at once.
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      answer("get t k" + i, Optional.of(bytes("v" + i)));
      out.append(replies());
      assertThat(store.outstanding()).isLessThanOrEqualTo(4);
      int unanswered = 9 - i;
      assertThat(channel.config().isAutoRead()).as("after %d answers", i + 1)
          .isEqualTo(unanswered <= 2);
    }

    assertThat(store.maxOutstanding).isEqualTo(4);
    assertThat(store.calls()).hasSize(10);
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(out).hasToString(IntStream.range(0, 10).mapToObj(i -> "v" + i + "\r\n")
        .collect(Collectors.joining()));
  }

  @Test
  void aFullPipelineDrainsWhenAnsweredOutOfOrder() {
    open(4);
    send(IntStream.range(0, 10).mapToObj(i -> "PUTNEW t" + i + " k v").toArray(String[]::new));

    while (store.outstanding() > 0) {
      assertThat(store.outstanding()).isLessThanOrEqualTo(4);
      store.completeAllInReverse();
      channel.runPendingTasks();
    }

    assertThat(store.calls()).hasSize(10);
    assertThat(store.maxOutstanding).isEqualTo(4);
    assertThat(replies()).isEqualTo("ok\r\n".repeat(10));
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void readingStaysOnBelowTheLimit() {
    open(4);

    send("GET t a", "GET t b", "GET t c");

    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void aLongPipelineKeepsOnlyTheDispatchWindowInTheStore() {
    open(1024);
    int n = ConnectionHandler.DISPATCH_WINDOW * 3;

    send(IntStream.range(0, n).mapToObj(i -> "GET t k" + i).toArray(String[]::new));
    assertThat(store.calls()).hasSize(ConnectionHandler.DISPATCH_WINDOW);

    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      answer("get t k" + i, Optional.of(bytes("v" + i)));
      out.append(replies());
    }
    assertThat(store.maxOutstanding).isEqualTo(ConnectionHandler.DISPATCH_WINDOW);
    assertThat(out).hasToString(IntStream.range(0, n).mapToObj(i -> "v" + i + "\r\n")
        .collect(Collectors.joining()));
  }

  @Test
  void requestsOfAClosedConnectionNotYetSentNeverReachTheStore() {
    open(1024);
    int n = ConnectionHandler.DISPATCH_WINDOW * 3;
    send(IntStream.range(0, n).mapToObj(i -> "GET t k" + i).toArray(String[]::new));

    channel.close();
    for (int i = 0; i < ConnectionHandler.DISPATCH_WINDOW; i++) {
      answer("get t k" + i, Optional.of(bytes("v" + i)));
    }

    assertThat(store.calls()).hasSize(ConnectionHandler.DISPATCH_WINDOW);
    assertThat(store.outstanding()).isZero();
  }

  // ------------------------------------------------------------------------- errors

  @Test
  void aMissingTableFailureRepliesMissingTable() {
    open(1024);

    send("GET nosuch k", "PUTNEW nosuch k v", "DELETE nosuch k");
    store.call("get nosuch k").completeExceptionally(new MissingTableException("nosuch"));
    store.call("putNew nosuch k v").completeExceptionally(new MissingTableException("nosuch"));
    store.call("delete nosuch k").completeExceptionally(new MissingTableException("nosuch"));

    assertThat(replies()).isEqualTo("missing table\r\n".repeat(3));
  }

  @Test
  void aMissingTableFailureOfTheWriteAGetWaitsForStillLetsTheGetRun() {
    open(1024);

    send("PUTNEW nosuch k v", "GET nosuch k");
    store.call("putNew nosuch k v").completeExceptionally(new MissingTableException("nosuch"));
    store.call("get nosuch k").completeExceptionally(new MissingTableException("nosuch"));

    assertThat(replies()).isEqualTo("missing table\r\nmissing table\r\n");
  }

  @Test
  void anIoFailureRepliesUnavailable() {
    open(1024);

    send("GET t k");
    store.call("get t k").completeExceptionally(new IOException("no leader"));

    assertThat(replies())
        .isEqualTo("error unavailable: table t has no leader reachable from this node\r\n");
  }

  @Test
  void aStoreThatNeverAnswersGivesTheTimeoutErrorAndTheConnectionGoesOn() {
    // The timeout fires on another thread, which hands the completion to the handler's
    // executor; EmbeddedChannel's own task queue is not safe for that, so the handler runs on
    // an executor that queues safely and whose tasks this thread runs.
    TestThreadExecutor handlerExecutor = new TestThreadExecutor();
    open(1024, 200, handlerExecutor);

    send("GET t k", "PING");
    assertThat(store.calls()).containsExactly("get t k");

    StringBuilder out = new StringBuilder();
    await().atMost(Duration.ofSeconds(5)).pollInSameThread().until(() -> {
      handlerExecutor.runPendingTasks();
      channel.runPendingTasks();
      out.append(replies());
      return out.length() > 0;
    });
    assertThat(out).hasToString(
        "error timed out after 200 ms: the command may or may not have taken effect\r\n"
        + "pong\r\n");

    send("GET t k2");
    answer("get t k2", Optional.of(bytes("late but fine")));
    handlerExecutor.runPendingTasks();
    assertThat(replies()).isEqualTo("late but fine\r\n");
  }

  // ------------------------------------------------------------------------- helpers

  private void open(int maxPipeline) {
    channel = new EmbeddedChannel(new LineFrameDecoder(1 << 20), new ReplyEncoder(),
        new ConnectionHandler(new CommandParser(ParserLimits.DEFAULTS),
            new CommandExecutor(store, LONG_TIMEOUT_MS, 1000), maxPipeline));
  }

  private void open(int maxPipeline, long timeoutMs, TestThreadExecutor handlerExecutor) {
    channel = new EmbeddedChannel(new LineFrameDecoder(1 << 20), new ReplyEncoder());
    channel.pipeline().addLast(handlerExecutor, "commands",
        new ConnectionHandler(new CommandParser(ParserLimits.DEFAULTS),
            new CommandExecutor(store, timeoutMs, 1000), maxPipeline));
  }

  /** Completes a store call and runs the completion the handler hands to its event loop. */
  private <T> void answer(String call, T result) {
    store.<T>call(call).complete(result);
    channel.runPendingTasks();
  }

  private void send(String... lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    channel.writeInbound(Unpooled.copiedBuffer(text, UTF_8));
  }

  /** Runs the completions handed to the event loop, then takes every reply written so far. */
  private String replies() {
    return new String(replyBytes(), UTF_8);
  }

  private byte[] replyBytes() {
    channel.runPendingTasks();
    List<byte[]> chunks = new ArrayList<>();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      byte[] chunk = new byte[buf.readableBytes()];
      buf.readBytes(chunk);
      buf.release();
      chunks.add(chunk);
    }
    int length = chunks.stream().mapToInt(c -> c.length).sum();
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] chunk : chunks) {
      System.arraycopy(chunk, 0, all, at, chunk.length);
      at += chunk.length;
    }
    return all;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  /** A store whose every answer the test gives by hand; records calls and completions. */
  private static final class FakeStore implements WinterStore {
    private final List<String> calls = new ArrayList<>();
    private final List<CompletableFuture<?>> futures = new ArrayList<>();
    /** For each call, the names of the calls whose futures were done when it was made. */
    private final List<Set<String>> completedAtCall = new ArrayList<>();
    final List<byte[]> values = new ArrayList<>();
    final Set<String> unrouted = new HashSet<>();
    int maxOutstanding;

    synchronized List<String> calls() {
      return List.copyOf(calls);
    }

    @SuppressWarnings("unchecked")
    synchronized <T> CompletableFuture<T> call(String name) {
      int index = calls.indexOf(name);
      assertThat(index).as("store call %s among %s", name, calls).isNotNegative();
      return (CompletableFuture<T>) futures.get(index);
    }

    synchronized int outstanding() {
      return (int) futures.stream().filter(f -> !f.isDone()).count();
    }

    /** Whether the future of call {@code first} had completed when {@code second} was made. */
    synchronized boolean completedBefore(String first, String second) {
      int called = calls.indexOf(second);
      return called >= 0 && completedAtCall.get(called).contains(first);
    }

    void completeAllInReverse() {
      List<CompletableFuture<?>> pending;
      synchronized (this) {
        pending = new ArrayList<>(futures);
      }
      for (int i = pending.size() - 1; i >= 0; i--) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Object> f = (CompletableFuture<Object>) pending.get(i);
        f.complete(null);
      }
    }

    private synchronized <T> CompletableFuture<T> record(String name) {
      CompletableFuture<T> future = new CompletableFuture<>();
      Set<String> done = new HashSet<>();
      for (int i = 0; i < futures.size(); i++) {
        if (futures.get(i).isDone()) {
          done.add(calls.get(i));
        }
      }
      calls.add(name);
      completedAtCall.add(done);
      futures.add(future);
      maxOutstanding = Math.max(maxOutstanding, outstanding());
      return future;
    }

    @Override
    public CompletableFuture<CreateOutcome> create(String table, int replicas) {
      return record("create " + table);
    }

    @Override
    public CompletableFuture<Boolean> drop(String table) {
      return record("drop " + table);
    }

    @Override
    public CompletableFuture<List<String>> tables() {
      return record("tables");
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(String table, byte[] key) {
      return record("get " + table + " " + new String(key, UTF_8));
    }

    @Override
    public CompletableFuture<Void> putNew(String table, byte[] key, byte[] value,
                                          long ttlMillis) {
      synchronized (this) {
        values.add(value);
      }
      return record("putNew " + table + " " + new String(key, UTF_8) + " "
          + new String(value, UTF_8));
    }

    @Override
    public CompletableFuture<Void> delete(String table, byte[] key) {
      return record("delete " + table + " " + new String(key, UTF_8));
    }

    @Override
    public boolean resolvesLocally(String table) {
      return !unrouted.contains(table);
    }
  }

  /**
   * An event executor for one handler: tasks may be queued from any thread and run when the
   * test thread asks, which is also the only thread considered inside it.
   */
  private static final class TestThreadExecutor extends AbstractEventExecutor
      implements OrderedEventExecutor {
    private final Thread owner = Thread.currentThread();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Future<?> termination = new DefaultPromise<Void>(ImmediateEventExecutor.INSTANCE);

    void runPendingTasks() {
      for (Runnable task; (task = tasks.poll()) != null; ) {
        task.run();
      }
    }

    @Override
    public boolean inEventLoop(Thread thread) {
      return thread == owner;
    }

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    @Override
    public boolean isShuttingDown() {
      return false;
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
      return termination;
    }

    @Override
    public Future<?> terminationFuture() {
      return termination;
    }

    @Override
    @Deprecated
    public void shutdown() {}

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return false;
    }
  }
}
