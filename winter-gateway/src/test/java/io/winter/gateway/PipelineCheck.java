package io.winter.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.winter.codec.LineCodecCheck;
import io.winter.codec.LineFrameDecoder;
import io.winter.codec.ReferenceFraming;
import io.winter.codec.ReplyEncoder;
import io.winter.codec.RequestLine;
import io.winter.codec.TrackingAllocator;
import io.winter.command.Command;
import io.winter.command.CommandExecutor;
import io.winter.command.CommandParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Drives one connection's real pipeline (frame decoder, reply encoder, connection handler) on an
 * EmbeddedChannel over a deferred {@link EchoStore}: feeds a stream in random chunks, answers the
 * store's calls in random order between them, and may end with the peer half-closing, closing or
 * resetting mid-stream. Checks: one reply line per request line, in order; no exception escapes
 * (nor is logged as a warning); the decoder's memory stays bounded; nothing stays in flight and
 * every buffer is released.
 */
final class PipelineCheck {

  /** How the peer leaves: not at all, by half-closing, or abruptly at a random point. */
  enum Ending { STAY, HALF_CLOSE, CLOSE, RESET }

  private static final int MAX_LINE = LineCodecCheck.MAX_LINE;
  private static final long NO_TIMEOUT_MS = TimeUnit.HOURS.toMillis(1);
  private static final CommandParser PARSER = new CommandParser(LineCodecCheck.LIMITS);
  /** Answers each request alone, at once: what the connection must answer, in its order. */
  private static final CommandExecutor ORACLE =
      new CommandExecutor(EchoStore.immediate(), NO_TIMEOUT_MS, 1000);

  private PipelineCheck() {}

  static void run(byte[] stream, SplittableRandom random, int maxChunk, int maxPipeline,
                  Ending ending) {
    int sent = ending == Ending.STAY ? stream.length : random.nextInt(stream.length + 1);
    EchoStore store = EchoStore.deferred();
    AtomicInteger inFlight = new AtomicInteger();
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setAllocator(alloc);
    channel.pipeline().addLast(new LineFrameDecoder(MAX_LINE), new ReplyEncoder(),
        new ConnectionHandler(PARSER, new CommandExecutor(store, NO_TIMEOUT_MS, 1000),
            maxPipeline, inFlight));
    ReferenceFraming reference = new ReferenceFraming(stream, MAX_LINE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Warnings warnings = new Warnings()) {
      for (int pos = 0; pos < sent && channel.isOpen(); ) {
        int size = Math.min(LineCodecCheck.nextChunk(random, maxChunk), sent - pos);
        channel.writeInbound(alloc.copyOf(stream, pos, size));
        pos += size;
        for (int n = random.nextInt(store.pending() + 1); n > 0; n--) {
          store.answerOne(random);
        }
        drain(channel, out);
        assertThat(alloc.liveReadableBytes()).as("bytes buffered after %d bytes", pos)
            .isLessThanOrEqualTo(MAX_LINE + 1);
        assertThat(alloc.liveCapacity()).as("memory held after %d bytes", pos)
            .isLessThanOrEqualTo(LineCodecCheck.maxHeldBytes(maxChunk));
      }
      List<String> expected = expectedReplies(reference.linesAfter(sent));
      boolean quit = !expected.isEmpty() && expected.get(expected.size() - 1).equals("bye");
      if (channel.isOpen()) {
        leave(channel, ending);
      }
      while (store.pending() > 0) {
        store.answerOne(random);
        channel.runPendingTasks();
      }
      drain(channel, out);
      channel.checkException();

      List<String> replies = replyLines(out.toByteArray());
      if (ending == Ending.CLOSE || ending == Ending.RESET) {
        assertThat(replies).as("replies before the peer left")
            .isEqualTo(expected.subList(0, Math.min(replies.size(), expected.size())));
      } else {
        assertThat(replies).as("one reply per request line, in order").isEqualTo(expected);
        assertThat(channel.isOpen()).as("open").isEqualTo(ending == Ending.STAY && !quit);
      }
      assertThat(inFlight).as("commands in flight").hasValue(0);
      assertThat(warnings.logged()).as("warnings logged").isEmpty();
    } finally {
      channel.finishAndReleaseAll();
    }
    assertThat(alloc.liveCapacity()).as("memory held once the channel is gone").isZero();
  }

  /** The reply to each request on its own, up to and including a QUIT. */
  private static List<String> expectedReplies(List<RequestLine> requests) {
    List<String> replies = new ArrayList<>();
    for (RequestLine line : requests) {
      Command command = PARSER.parse(line);
      replies.add(new String(ORACLE.execute(command).join().toByteArray(), ISO_8859_1));
      if (command.kind() == Command.Kind.QUIT) {
        break;
      }
    }
    return replies;
  }

  private static void leave(EmbeddedChannel channel, Ending ending) {
    switch (ending) {
      case STAY -> { }
      case HALF_CLOSE -> channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
      case CLOSE -> channel.close();
      case RESET -> channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
    }
  }

  private static void drain(EmbeddedChannel channel, ByteArrayOutputStream into) {
    channel.runPendingTasks();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      buf.release();
      into.writeBytes(bytes);
    }
  }

  /** The reply lines, each of which must end in CRLF. */
  private static List<String> replyLines(byte[] bytes) {
    String text = new String(bytes, ISO_8859_1);
    assertThat(text).as("replies end in CRLF").matches(t -> t.isEmpty() || t.endsWith("\r\n"));
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n", -1)));
    lines.remove(lines.size() - 1);
    return lines;
  }

  /** Collects what the node logs at WARN or above while a connection runs. */
  private static final class Warnings implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.winter");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    Warnings() {
      appender.start();
      logger.addAppender(appender);
    }

    List<String> logged() {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(e -> e.getFormattedMessage()
              + (e.getThrowableProxy() == null ? "" : ": " + e.getThrowableProxy().getMessage()))
          .toList();
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
      appender.stop();
    }
  }
}
