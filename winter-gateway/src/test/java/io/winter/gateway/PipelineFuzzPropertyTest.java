package io.winter.gateway;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.winter.codec.FuzzStreams;
import io.winter.codec.LineCodecCheck;
import io.winter.gateway.PipelineCheck.Ending;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random byte streams and deep pipelines through one connection's real pipeline, with the store
 * answering in random order and the peer leaving at random points: every request line gets one
 * reply line, in order, and nothing escapes or leaks (see {@link PipelineCheck}).
 */
class PipelineFuzzPropertyTest {

  @Property(tries = 200)
  void everyRequestLineGetsOneReplyInOrder(
      @ForAll("streams") byte[] stream,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 200) int maxChunk,
      @ForAll("pipelines") int maxPipeline,
      @ForAll Ending ending) {
    PipelineCheck.run(stream, new SplittableRandom(seed), maxChunk, maxPipeline, ending);
  }

  @Property(tries = 15)
  void deepPipelinesAreAnsweredInOrder(
      @ForAll @IntRange(min = 1000, max = 5000) int requests,
      @ForAll long seed,
      @ForAll("pipelines") int maxPipeline,
      @ForAll Ending ending) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < requests; i++) {
      text.append(switch (i % 5) {
        case 0 -> "PUTNEW t k" + i + " v" + i + "\n";
        case 1 -> "PING\r\n";
        case 2 -> "GET far k" + i + "\n";
        default -> "GET t k" + i + "\n";
      });
    }
    PipelineCheck.run(text.toString().getBytes(US_ASCII), new SplittableRandom(seed), 4096,
        maxPipeline, ending);
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return FuzzStreams.streams(LineCodecCheck.MAX_LINE, 300);
  }

  @Provide
  Arbitrary<Integer> pipelines() {
    return Arbitraries.of(1, 2, 3, 8, 1024);
  }
}
