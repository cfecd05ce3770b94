package io.winter.codec;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random byte streams, in random chunks, through the real frame decoder and parser: every
 * LF-terminated line comes out once, in order, parses into a command that keeps the protocol's
 * limits, and the decoder never buffers more than a line (see {@link LineCodecCheck}).
 */
class LineCodecFuzzPropertyTest {

  @Property(tries = 300)
  void framesAndParsesAnyStreamInAnyChunks(
      @ForAll("streams") byte[] stream,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 200) int maxChunk,
      @ForAll boolean close) {
    LineCodecCheck.run(stream, new SplittableRandom(seed), maxChunk, close);
  }

  @Property(tries = 50)
  void overLongLinesInTinyChunksKeepMemoryBounded(
      @ForAll @IntRange(min = 1, max = 20) int lines,
      @ForAll @IntRange(min = LineCodecCheck.MAX_LINE - 2, max = 40 * LineCodecCheck.MAX_LINE)
          int length,
      @ForAll boolean crlf,
      @ForAll long seed) {
    byte[] line = new byte[length + (crlf ? 2 : 1)];
    Arrays.fill(line, (byte) 'z');
    if (crlf) {
      line[length] = '\r';
    }
    line[line.length - 1] = '\n';
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < lines; i++) {
      stream.writeBytes(line);
      stream.writeBytes("PING\n".getBytes(US_ASCII));
    }
    LineCodecCheck.run(stream.toByteArray(), new SplittableRandom(seed), 7, false);
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return FuzzStreams.streams(LineCodecCheck.MAX_LINE, 200);
  }
}
