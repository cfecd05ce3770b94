package io.winter.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.winter.codec.RequestLine;
import io.winter.command.Command;
import io.winter.command.CommandExecutor;
import io.winter.command.CommandParser;
import io.winter.command.ErrorReplies;
import io.winter.command.Reply;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: runs its pipelined commands concurrently and writes their replies in
 * request order. Confined to the connection's event loop; completions hop back onto it.
 *
 * <p>Order where it matters: commands to one table keep their request order as
 * {@link TableOrder} describes, and a barrier command (CREATE, DROP, TABLES, or a table this
 * node cannot route yet) runs alone.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<RequestLine> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
  /**
   * Most commands of one connection in the store at once. The pipeline bound lets a client have
   * many more outstanding; keeping the rest here means a client that leaves without reading has
   * at most this many commands still taking the store's time from everybody else.
   */
  static final int DISPATCH_WINDOW = 64;
  /** User event of a stopping node: drain this connection and close it (see {@link #stop}). */
  static final Object STOP = new Object() {
    @Override
    public String toString() {
      return "STOP";
    }
  };

  private final CommandParser parser;
  private final CommandExecutor executor;
  private final int maxPipeline;
  private final int dispatchWindow;

  /** Every request not yet answered, in request order. */
  private final ArrayDeque<Slot> replies = new ArrayDeque<>();
  /** Requests parsed but not yet sent to the store, in request order. */
  private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
  private final Map<String, TableOrder> tableOrders = new HashMap<>();
  /**
   * Replies completed off the event loop, waiting for it. One task drains all of them and
   * writes what became ready with one flush: a pipelined batch answered at once costs the
   * event loop one wake-up and one socket write, not one of each per reply.
   */
  private final Queue<Runnable> completed = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private int inFlight;
  private final java.util.concurrent.atomic.AtomicInteger nodeInFlight;
  private boolean barrierInFlight;
  private boolean quitting;
  private boolean stopping;
  private boolean inputClosed;
  /** Replies written during this read and not flushed yet (see channelReadComplete). */
  private boolean unflushed;
  private ChannelHandlerContext ctx;

  private static final class Slot {
    final Command command;
    Reply reply;

    Slot(Command command) {
      this.command = command;
    }
  }

  ConnectionHandler(CommandParser parser, CommandExecutor executor, int maxPipeline) {
    this(parser, executor, maxPipeline, new java.util.concurrent.atomic.AtomicInteger());
  }

  /** @param nodeInFlight commands in flight on all connections, for draining at shutdown */
  ConnectionHandler(CommandParser parser, CommandExecutor executor, int maxPipeline,
                    java.util.concurrent.atomic.AtomicInteger nodeInFlight) {
    this.parser = parser;
    this.executor = executor;
    this.maxPipeline = maxPipeline;
    this.dispatchWindow = Math.min(maxPipeline, DISPATCH_WINDOW);
    this.nodeInFlight = nodeInFlight;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, RequestLine line) {
    if (quitting) {
      return;
    }
    Slot slot = new Slot(parser.parse(line));
    replies.add(slot);
    if (stopping) {
      // read in the same socket read as the stop, or before: never sent to the store
      slot.reply = ErrorReplies.NODE_STOPPING;
      unflushed |= writeReadyReplies(false);
      return;
    }
    if (slot.command.kind() == Command.Kind.QUIT) {
      quitting = true;
    }
    waiting.add(slot);
    pump();
    // Replies answered at once are written now and flushed when the read is complete: a
    // pipelined burst answered at once leaves in one socket write.
    unflushed |= writeReadyReplies(false);
    updateReading();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (unflushed) {
      unflushed = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  /** Sends waiting commands to the store as far as ordering and the dispatch window allow. */
  private void pump() {
    while (!waiting.isEmpty() && !barrierInFlight && inFlight < dispatchWindow) {
      Slot next = waiting.peek();
      boolean barrier = executor.isBarrier(next.command);
      if (barrier && inFlight > 0) {
        return;
      }
      waiting.poll();
      dispatch(next, barrier);
    }
  }

  private void dispatch(Slot slot, boolean barrier) {
    inFlight++;
    nodeInFlight.incrementAndGet();
    barrierInFlight = barrier;
    Command command = slot.command;
    CompletableFuture<Reply> reply;
    if (CommandExecutor.isTableWrite(command)) {
      reply = order(command).write(() -> executor.execute(command));
    } else if (command.kind() == Command.Kind.GET) {
      reply = order(command).read(() -> executor.execute(command));
    } else {
      reply = executor.execute(command);
    }
    if (reply.isDone()) {
      // Answered at once (PING, parse errors): the pump loop that called us goes on.
      finish(slot, barrier, reply.join());
    } else {
      reply.whenComplete((r, e) -> {
        completed.add(() -> finish(slot, barrier, r));
        if (drainQueued.compareAndSet(false, true)) {
          ctx.executor().execute(this::drainCompleted);
        }
      });
    }
  }

  private TableOrder order(Command command) {
    return tableOrders.computeIfAbsent(command.table(), t -> new TableOrder());
  }

  private void drainCompleted() {
    drainQueued.set(false);
    for (Runnable done = completed.poll(); done != null; done = completed.poll()) {
      done.run();
    }
    pump();
    writeReadyReplies(true);
    updateReading();
  }

  private void finish(Slot slot, boolean barrier, Reply reply) {
    slot.reply = reply;
    inFlight--;
    nodeInFlight.decrementAndGet();
    if (barrier) {
      barrierInFlight = false;
    }
    if (inFlight == 0) {
      tableOrders.clear(); // everything sent has answered: nothing left to order against
    }
  }

  /** Writes the replies ready in request order; whether any was written and not flushed. */
  private boolean writeReadyReplies(boolean flush) {
    boolean wrote = false;
    while (!replies.isEmpty() && replies.peek().reply != null) {
      Slot done = replies.poll();
      wrote = true;
      if (done.command.kind() == Command.Kind.QUIT) {
        ctx.writeAndFlush(done.reply).addListener(ChannelFutureListener.CLOSE);
        replies.clear();
        waiting.clear();
        return false;
      }
      ctx.write(done.reply, ctx.voidPromise());
    }
    if (wrote && flush) {
      ctx.flush();
      wrote = false;
    }
    closeIfDone();
    return wrote;
  }

  /**
   * A client that half-closes after sending (as {@code nc -N} does) still gets every reply:
   * the connection closes once the last one is written.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == STOP) {
      stop();
      return;
    }
    if (evt instanceof ChannelInputShutdownEvent) {
      inputClosed = true;
      closeIfDone();
    }
    super.userEventTriggered(ctx, evt);
  }

  /**
   * The node is stopping: no more reading; commands read but not sent to the store are answered
   * {@link ErrorReplies#NODE_STOPPING} (they did not happen), those in the store get their
   * replies, and the connection closes after the last one.
   */
  private void stop() {
    stopping = true;
    ctx.channel().config().setAutoRead(false);
    for (Slot slot : waiting) {
      slot.reply = ErrorReplies.NODE_STOPPING;
    }
    waiting.clear();
    writeReadyReplies(true);
  }

  private void closeIfDone() {
    if ((inputClosed || stopping) && replies.isEmpty() && ctx.channel().isActive()) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Stops reading from a client that has too much outstanding or does not read its replies. */
  private void updateReading() {
    boolean busy = replies.size() >= maxPipeline || !ctx.channel().isWritable();
    boolean idle = replies.size() <= maxPipeline / 2 && ctx.channel().isWritable();
    if (busy && ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
    } else if (idle && !quitting && !stopping && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    waiting.clear(); // nobody will read their replies: the store need not run them
    super.channelInactive(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    updateReading();
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      LOG.warn("connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
