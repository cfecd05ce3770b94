package io.winter.gateway;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.winter.codec.LineCodecCheck;
import io.winter.gateway.PipelineCheck.Ending;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Coverage-guided fuzz targets (Jazzer) for the line codec and parser, and for one connection's
 * whole pipeline, over arbitrary bytes; the checks are those of {@link LineCodecCheck} and
 * {@link PipelineCheck}. Chunk sizes, the store's answer order and how the peer leaves come from
 * a random generator seeded with the input's hash, so every input replays exactly.
 *
 * <p>A normal test run replays the seed corpus in
 * {@code src/test/resources/io/winter/gateway/ProtocolFuzzTestInputs} (and any crash Jazzer saved
 * there). To fuzz for real, one target per run, e.g. for ten minutes:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -pl winter-gateway -am test -DskipITs -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='ProtocolFuzzTest#pipelineAnswersAnyBytesInOrder' -Djazzer.max_duration=10m
 * </pre>
 *
 * <p>See docs/fuzzing.md.
 */
class ProtocolFuzzTest {

  private static final int[] PIPELINES = {1, 2, 3, 8, 1024};

  @FuzzTest(maxDuration = "5m")
  @DictionaryFile(resourcePath = "ProtocolFuzzTest.dict")
  void codecFramesAndParsesAnyBytes(byte[] input) {
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(input));
    LineCodecCheck.run(input, random, 1 + random.nextInt(64), random.nextBoolean());
  }

  @FuzzTest(maxDuration = "5m")
  @DictionaryFile(resourcePath = "ProtocolFuzzTest.dict")
  void pipelineAnswersAnyBytesInOrder(byte[] input) {
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(input));
    int maxChunk = 1 + random.nextInt(64);
    int maxPipeline = PIPELINES[random.nextInt(PIPELINES.length)];
    Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
    PipelineCheck.run(input, random, maxChunk, maxPipeline, ending);
  }
}
