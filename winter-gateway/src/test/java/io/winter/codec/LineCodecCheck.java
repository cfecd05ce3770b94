package io.winter.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.winter.command.Command;
import io.winter.command.CommandParser;
import io.winter.command.ParserLimits;
import io.winter.command.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Feeds a byte stream in random chunks through the real frame decoder and parser, with small
 * limits so that over-long lines, keys and values are cheap, and checks the wire contract on the
 * way: one request line per LF (an over-long one marked as soon as it is known), in order; no
 * exception; buffered bytes bounded by the line limit.
 */
public final class LineCodecCheck {

  public static final int MAX_LINE = 48;
  public static final ParserLimits LIMITS = new ParserLimits(8, 24, 10);
  private static final CommandParser PARSER = new CommandParser(LIMITS);
  /** Room for the quoted client bytes and the longest fixed text of an error reply. */
  private static final int MAX_ERROR_REPLY = 2 * Reply.MAX_QUOTED_BYTES + 100;

  private LineCodecCheck() {}

  /** A chunk size from 1 to {@code maxChunk}, often 1, as a slow or fragmenting peer sends. */
  public static int nextChunk(SplittableRandom random, int maxChunk) {
    return random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(maxChunk);
  }

  /**
   * The most memory the decoder may hold after a read: its cumulation keeps at most a line and a
   * CR, but grows by doubling and sheds read bytes only once they fill half of it.
   */
  public static long maxHeldBytes(int maxChunk) {
    return 4L * (MAX_LINE + 1 + maxChunk) + 64;
  }

  /** Runs the whole stream through a fresh decoder; {@code close} ends with the peer leaving. */
  public static void run(byte[] stream, SplittableRandom random, int maxChunk, boolean close) {
    ReferenceFraming reference = new ReferenceFraming(stream, MAX_LINE);
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setAllocator(alloc);
    channel.pipeline().addLast(new LineFrameDecoder(MAX_LINE));
    List<RequestLine> decoded = new ArrayList<>();
    try {
      for (int pos = 0; pos < stream.length; ) {
        int size = Math.min(nextChunk(random, maxChunk), stream.length - pos);
        channel.writeInbound(alloc.copyOf(stream, pos, size));
        pos += size;
        int checked = decoded.size();
        drain(channel, decoded);
        List<RequestLine> expected = reference.linesAfter(pos);
        assertThat(decoded).as("lines after %d bytes", pos).hasSameSizeAs(expected);
        assertThat(decoded.subList(checked, decoded.size())).as("lines after %d bytes", pos)
            .isEqualTo(expected.subList(checked, expected.size()));
        assertThat(alloc.liveReadableBytes()).as("bytes buffered after %d bytes", pos)
            .isLessThanOrEqualTo(MAX_LINE + 1);
        assertThat(alloc.liveCapacity()).as("memory held after %d bytes", pos)
            .isLessThanOrEqualTo(maxHeldBytes(maxChunk));
      }
      if (close) {
        channel.close();
        drain(channel, decoded);
      }
      channel.checkException();
    } finally {
      channel.finishAndReleaseAll();
    }
    assertThat(decoded).isEqualTo(reference.linesAfter(stream.length));
    assertThat(alloc.liveCapacity()).as("memory held once the channel is gone").isZero();
    for (RequestLine line : decoded) {
      checkCommand(line, PARSER.parse(line));
    }
  }

  private static void drain(EmbeddedChannel channel, List<RequestLine> into) {
    for (RequestLine line; (line = channel.readInbound()) != null; ) {
      into.add(line);
    }
  }

  /** What docs/protocol.md promises of the command a line parses into, whatever the line. */
  static void checkCommand(RequestLine line, Command command) {
    assertThat(command).as("command of %s", line).isNotNull();
    if (line.isTooLong()) {
      assertThat(command).isEqualTo(new Command.Invalid(Reply.lineTooLong(MAX_LINE)));
      return;
    }
    assertThat(command.kind() == Command.Kind.BLANK).as("blank %s", line)
        .isEqualTo(isBlanks(line.bytes()));
    if (command instanceof Command.Invalid invalid) {
      assertThat(invalid.reply().isError()).isTrue();
      assertThat(invalid.reply().toByteArray()).doesNotContain((byte) '\r', (byte) '\n')
          .hasSizeLessThanOrEqualTo(MAX_ERROR_REPLY);
    } else if (command instanceof Command.Get get) {
      checkKey(get.key());
    } else if (command instanceof Command.Delete delete) {
      checkKey(delete.key());
    } else if (command instanceof Command.PutNew put) {
      checkKey(put.key());
      assertThat(put.value()).isNotEmpty().hasSizeLessThanOrEqualTo(LIMITS.maxValueBytes())
          .doesNotContain((byte) '\r', (byte) '\n');
      assertThat(put.ttlMillis()).isBetween(0L, CommandParser.MAX_EXPIRE_MILLIS);
    } else if (command instanceof Command.Create create) {
      assertThat(create.replicas()).isBetween(0, CommandParser.MAX_REPLICAS);
    }
    if (command.table() != null) {
      assertThat(command.table()).hasSizeBetween(1, LIMITS.maxTableNameBytes())
          .matches("[A-Za-z0-9_.-]+");
    }
  }

  private static void checkKey(byte[] key) {
    assertThat(key).isNotEmpty().hasSizeLessThanOrEqualTo(LIMITS.maxKeyBytes())
        .doesNotContain((byte) ' ', (byte) '\t', (byte) '\r', (byte) '\n');
  }

  private static boolean isBlanks(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
