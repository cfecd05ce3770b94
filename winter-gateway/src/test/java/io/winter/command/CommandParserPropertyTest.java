package io.winter.command;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.winter.codec.LineFrameDecoder;
import io.winter.codec.RequestLine;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CommandParserPropertyTest {

  private static final CommandParser PARSER = new CommandParser(ParserLimits.DEFAULTS);
  private static final CommandParser SMALL_PARSER = new CommandParser(new ParserLimits(4, 6, 3));
  private static final int LINE_LIMIT = 32;

  @Property(tries = 1000)
  void neverThrowsAndAlwaysAnswersWithOneLine(@ForAll("lines") byte[] line) {
    for (CommandParser parser : List.of(PARSER, SMALL_PARSER)) {
      Command command = parser.parse(RequestLine.of(line));
      assertThat(command).isNotNull();
      assertThat(command.kind()).isNotNull();
      if (command instanceof Command.Invalid invalid) {
        assertThat(invalid.reply().isError()).isTrue();
        assertThat(invalid.reply().toByteArray()).doesNotContain((byte) '\r', (byte) '\n');
      }
    }
  }

  @Property(tries = 1000)
  void putNewKeepsTableKeyAndDataByteForByte(
      @ForAll("tables") String table,
      @ForAll("keys") byte[] key,
      @ForAll("values") byte[] value,
      @ForAll("commandWordCases") String putNew) {
    byte[] line =
        concat((putNew + " " + table + " ").getBytes(US_ASCII), key, new byte[] {' '}, value);
    Command command = PARSER.parse(RequestLine.of(line));
    assertThat(command).isInstanceOf(Command.PutNew.class);
    Command.PutNew put = (Command.PutNew) command;
    assertThat(put.table()).isEqualTo(table);
    assertThat(put.key()).isEqualTo(key);
    assertThat(put.value()).isEqualTo(value);
    assertThat(put.ttlMillis()).isZero();
  }

  @Property(tries = 1000)
  void putNewTakesATrailingExpireOffTheData(
      @ForAll("tables") String table,
      @ForAll("keys") byte[] key,
      @ForAll("values") byte[] value,
      @ForAll("expireMillis") long ttl) {
    byte[] data = trimTrailingBlanks(value);
    Assume.that(data.length > 0);
    byte[] line = concat(("PUTNEW " + table + " ").getBytes(US_ASCII), key, new byte[] {' '}, data,
        (" expire " + ttl).getBytes(US_ASCII));
    Command command = PARSER.parse(RequestLine.of(line));
    assertThat(command).isInstanceOf(Command.PutNew.class);
    assertThat(((Command.PutNew) command).value()).isEqualTo(data);
    assertThat(((Command.PutNew) command).ttlMillis()).isEqualTo(ttl);
  }

  @Property(tries = 1000)
  void decoderAndParserAnswerEveryLineOnceWhateverTheChunking(
      @ForAll @Size(max = 20) List<@Size(max = 2 * LINE_LIMIT) byte[]> rawLines,
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 40) Integer> chunkSizes,
      @ForAll boolean crlf) {
    List<byte[]> lines = rawLines.stream().map(CommandParserPropertyTest::withoutLineEnds).toList();
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      input.writeBytes(line);
      input.writeBytes(crlf ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
    }
    byte[] bytes = input.toByteArray();

    EmbeddedChannel channel = new EmbeddedChannel(new LineFrameDecoder(LINE_LIMIT));
    List<RequestLine> decoded = new ArrayList<>();
    for (int pos = 0, i = 0; pos < bytes.length; i++) {
      int size = Math.min(chunkSizes.get(i % chunkSizes.size()), bytes.length - pos);
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, pos, size));
      pos += size;
      for (RequestLine line; (line = channel.readInbound()) != null; ) {
        decoded.add(line);
      }
    }
    assertThat(channel.finish()).isFalse();

    assertThat(decoded).hasSameSizeAs(lines);
    for (int i = 0; i < lines.size(); i++) {
      byte[] line = lines.get(i);
      RequestLine expected =
          line.length > LINE_LIMIT ? RequestLine.tooLong(LINE_LIMIT) : RequestLine.of(line);
      assertThat(decoded.get(i)).isEqualTo(expected);
      assertThat(PARSER.parse(decoded.get(i))).isNotNull();
    }
  }

  @Provide
  Arbitrary<byte[]> lines() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<String> token = Arbitraries.oneOf(
        Arbitraries.of("GET", "put", "PutNew", "PUTNEW", "CREATE", "drop", "DELETE", "TABLES",
            "PING", "quit", "EXPIRE", "expire", "0", "1", "-1", "315360000001", "\r", "",
            "t", "my/table", "\u00e9", "\u0000"),
        Arbitraries.strings().ofMaxLength(10),
        Arbitraries.strings().numeric().ofMaxLength(14));
    Arbitrary<String> blanks = Arbitraries.of(" ", "  ", "\t", " \t ", "");
    Arbitrary<byte[]> structured = Combinators.combine(
            token.list().ofMaxSize(8), blanks.list().ofMinSize(8).ofMaxSize(8))
        .as((tokens, gaps) -> {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < tokens.size(); i++) {
            sb.append(gaps.get(i)).append(tokens.get(i));
          }
          return sb.toString().getBytes(UTF_8);
        });
    return Arbitraries.oneOf(raw, structured);
  }

  @Provide
  Arbitrary<String> tables() {
    return Arbitraries.strings()
        .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
        .withChars('_', '-', '.')
        .ofMinLength(1).ofMaxLength(64);
  }

  @Provide
  Arbitrary<byte[]> keys() {
    return Arbitraries.bytes()
        .filter(b -> b != ' ' && b != '\t' && b != '\r' && b != '\n')
        .array(byte[].class).ofMinSize(1).ofMaxSize(256);
  }

  @Provide
  Arbitrary<byte[]> values() {
    Arbitrary<Byte> anyByte = Arbitraries.bytes().filter(b -> b != '\r' && b != '\n');
    Arbitrary<Byte> textByte =
        Arbitraries.of((byte) ' ', (byte) '\t', (byte) 'E', (byte) 'x', (byte) '7');
    // Half the bytes come from a small alphabet so that blanks and EXPIRE-like words occur.
    return Arbitraries.frequencyOf(Tuple.of(1, anyByte), Tuple.of(1, textByte))
        .array(byte[].class).ofMinSize(1).ofMaxSize(300)
        .filter(value -> !endsWithExpireSuffix(value));
  }

  @Provide
  Arbitrary<Long> expireMillis() {
    return Arbitraries.longs().between(1, CommandParser.MAX_EXPIRE_MILLIS);
  }

  @Provide
  Arbitrary<String> commandWordCases() {
    return Arbitraries.of("PUTNEW", "putnew", "PutNew", "pUTnEW");
  }

  /** Whether the value's last two words would read as {@code EXPIRE <something>}. */
  private static boolean endsWithExpireSuffix(byte[] value) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (byte b : value) {
      if (b == ' ' || b == '\t') {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append((char) (b & 0xFF));
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words.size() >= 2 && "EXPIRE".equalsIgnoreCase(words.get(words.size() - 2));
  }

  private static byte[] trimTrailingBlanks(byte[] value) {
    int end = value.length;
    while (end > 0 && (value[end - 1] == ' ' || value[end - 1] == '\t')) {
      end--;
    }
    return Arrays.copyOf(value, end);
  }

  private static byte[] withoutLineEnds(byte[] raw) {
    byte[] line = raw.clone();
    for (int i = 0; i < line.length; i++) {
      if (line[i] == '\n') {
        line[i] = 'n';
      }
    }
    // A CR at the very end would be taken for half of a CRLF.
    if (line.length > 0 && line[line.length - 1] == '\r') {
      line[line.length - 1] = 'r';
    }
    return line;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
