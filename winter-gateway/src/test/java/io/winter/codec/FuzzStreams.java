package io.winter.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Byte streams for fuzzing the protocol: pieces biased towards line endings, blanks, command
 * words, EXPIRE, numbers at and past their limits, tokens at and past the size limits, NUL and
 * high bytes, and plain random bytes, strung together.
 */
public final class FuzzStreams {

  private static final List<String> WORDS = List.of(
      "GET", "get", "PUTNEW", "putnew", "PutNew", "DELETE", "CREATE", "DROP", "TABLES", "PING",
      "ping", "EXPIRE", "expire", "REPLICAS", "FROB", "t", "far", "nosuch", "down", "my/table",
      "k", "v", "0", "1", "7", "8", "1500", "315360000000", "315360000001",
      "99999999999999999999", "-1");
  private static final List<String> REQUESTS = List.of(
      "GET t k\n", "PUTNEW t k some data\n", "PUTNEW t k v EXPIRE 1500\r\n",
      "PUTNEW t k EXPIRE 100\n", "PUTNEW t k v EXPIRE soon\n", "DELETE t k\n", "GET far k\n",
      "PUTNEW far k v\n", "GET nosuch k\n", "PUTNEW down k v\n", "CREATE t\n",
      "CREATE t REPLICAS 3\n", "DROP t\n", "TABLES\n", "PING\r\n", "\n", " \t\n", "GET t\n");
  private static final List<String> SEPARATORS =
      List.of("\n", "\r\n", "\r", " ", "\t", "  ", "\r\r\n", "\n\n", " \r\n");

  private FuzzStreams() {}

  /** A stream of up to {@code maxPieces} pieces, sized for a line limit of {@code maxLine}. */
  public static Arbitrary<byte[]> streams(int maxLine, int maxPieces) {
    return pieces(maxLine).list().ofMaxSize(maxPieces).map(FuzzStreams::concat);
  }

  private static Arbitrary<byte[]> pieces(int maxLine) {
    Arbitrary<byte[]> separators = ascii(SEPARATORS);
    Arbitrary<byte[]> words = ascii(WORDS);
    Arbitrary<byte[]> requests = ascii(REQUESTS);
    Arbitrary<byte[]> numberedGets = Arbitraries.integers().between(0, 999_999)
        .map(i -> ("GET t k" + i + "\n").getBytes(ISO_8859_1));
    Arbitrary<byte[]> oddBytes = Arbitraries.of((byte) 0, (byte) 0xFF, (byte) 0x80, (byte) 0x7F,
        (byte) 0xC3, (byte) 0xA9, (byte) 1).map(b -> new byte[] {b});
    Arbitrary<byte[]> nearLimits = Arbitraries.of(7, 8, 9, 10, 11, 23, 24, 25,
            maxLine - 1, maxLine, maxLine + 1, maxLine + 2)
        .map(n -> repeat('x', n));
    Arbitrary<byte[]> longTokens = Arbitraries.integers().between(0, 3 * maxLine)
        .map(n -> repeat('y', n));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    return Arbitraries.frequencyOf(
        Tuple.of(8, separators),
        Tuple.of(8, words),
        Tuple.of(5, requests),
        Tuple.of(3, numberedGets),
        Tuple.of(3, oddBytes),
        Tuple.of(2, nearLimits),
        Tuple.of(1, longTokens),
        Tuple.of(2, random),
        Tuple.of(1, Arbitraries.just("QUIT\n".getBytes(ISO_8859_1))));
  }

  private static Arbitrary<byte[]> ascii(List<String> texts) {
    return Arbitraries.of(texts).map(s -> s.getBytes(ISO_8859_1));
  }

  private static byte[] repeat(char c, int n) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
