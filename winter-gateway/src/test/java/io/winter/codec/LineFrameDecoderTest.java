package io.winter.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LineFrameDecoderTest {

  private static final int LIMIT = 16;

  private EmbeddedChannel channel = new EmbeddedChannel(new LineFrameDecoder(LIMIT));
  private final List<ByteBuf> written = new ArrayList<>();

  @AfterEach
  void everyBufferReleased() {
    channel.finishAndReleaseAll();
    assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
  }

  @Test
  void splitsOnLfAndDropsTheCrOfCrlf() {
    assertThat(feed("GET t k\nPING\r\nQUIT\n"))
        .containsExactly(line("GET t k"), line("PING"), line("QUIT"));
  }

  @Test
  void joinsALineSplitAcrossReads() {
    assertThat(feed("GE", "T t", " k\r")).isEmpty();
    assertThat(feed("\nPI", "NG\n")).containsExactly(line("GET t k"), line("PING"));
  }

  @Test
  void decodesInputArrivingOneByteAtATime() {
    String input = "PUTNEW t k v\r\nGET t k\n\nPING\r\n";
    List<RequestLine> lines = new ArrayList<>();
    for (byte b : input.getBytes(UTF_8)) {
      lines.addAll(feed(new byte[] {b}));
    }
    assertThat(lines)
        .containsExactly(line("PUTNEW t k v"), line("GET t k"), line(""), line("PING"));
  }

  @Test
  void decodesManyLinesFromOneBuffer() {
    StringBuilder input = new StringBuilder();
    List<RequestLine> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      input.append("GET t k").append(i).append(i % 2 == 0 ? "\n" : "\r\n");
      expected.add(line("GET t k" + i));
    }
    assertThat(feed(input.toString())).containsExactlyElementsOf(expected);
  }

  @Test
  void answersAnOversizeLineInOneReadWithOneMarkAndKeepsGoing() {
    assertThat(feed("x".repeat(100) + "\nPING\n"))
        .containsExactly(RequestLine.tooLong(LIMIT), line("PING"));
  }

  @Test
  void answersAnOversizeLineSpreadOverManyReadsWithOneMarkAndKeepsGoing() {
    List<RequestLine> lines = new ArrayList<>(feed("PING\n"));
    for (int i = 0; i < 1000; i++) {
      lines.addAll(feed("y".repeat(7)));
    }
    lines.addAll(feed("\r", "\nGET t k\n"));
    assertThat(lines).containsExactly(line("PING"), RequestLine.tooLong(LIMIT), line("GET t k"));
  }

  @Test
  void marksAnOversizeLineBeforeItsLfArrivesAndBuffersNoneOfIt() {
    assertThat(feed("z".repeat(LIMIT + 2))).containsExactly(RequestLine.tooLong(LIMIT));
    for (int i = 0; i < 100; i++) {
      assertThat(feed("z".repeat(1000))).isEmpty();
      // A released read buffer proves the decoder kept none of the discarded bytes.
      assertThat(written.get(written.size() - 1).refCnt()).isZero();
    }
    assertThat(feed("z\nPING\n")).containsExactly(line("PING"));
  }

  @Test
  void acceptsALineOfExactlyTheLimit() {
    String atLimit = "a".repeat(LIMIT);
    assertThat(feed(atLimit + "\n", atLimit + "\r\n", atLimit + "b\n"))
        .containsExactly(line(atLimit), line(atLimit), RequestLine.tooLong(LIMIT));
  }

  @Test
  void waitsForTheLfAfterALimitLongLineEndingInCr() {
    String atLimit = "a".repeat(LIMIT);
    assertThat(feed(atLimit + "\r")).isEmpty();
    assertThat(feed("\n")).containsExactly(line(atLimit));
    assertThat(feed(atLimit + "\r")).isEmpty();
    assertThat(feed("b\nPING\n")).containsExactly(RequestLine.tooLong(LIMIT), line("PING"));
  }

  @Test
  void passesEveryByteButLfThrough() {
    channel = new EmbeddedChannel(new LineFrameDecoder(256));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int b = 0; b < 256; b++) {
      if (b != '\n') {
        all.write(b);
      }
    }
    byte[] bytes = all.toByteArray();
    byte[] input = Arrays.copyOf(bytes, bytes.length + 1);
    input[bytes.length] = '\n';
    assertThat(feed(input)).containsExactly(RequestLine.of(bytes));
  }

  @Test
  void decodesBlankLines() {
    assertThat(feed("\n\r\n \t\n")).containsExactly(line(""), line(""), line(" \t"));
  }

  @Test
  void keepsACrThatIsNotRightBeforeTheLf() {
    assertThat(feed("a\rb\n", "c\r\r\n", "\r\n"))
        .containsExactly(line("a\rb"), line("c\r"), line(""));
  }

  @Test
  void dropsAnUnterminatedLastLineWhenTheChannelCloses() {
    assertThat(feed("PING\nGET t")).containsExactly(line("PING"));
    channel.close();
    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> new LineFrameDecoder(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private List<RequestLine> feed(String... chunks) {
    return feed(Arrays.stream(chunks).map(s -> s.getBytes(UTF_8)).toArray(byte[][]::new));
  }

  private List<RequestLine> feed(byte[]... chunks) {
    for (byte[] chunk : chunks) {
      ByteBuf buf = Unpooled.copiedBuffer(chunk);
      written.add(buf);
      channel.writeInbound(buf);
    }
    List<RequestLine> lines = new ArrayList<>();
    for (RequestLine line; (line = channel.readInbound()) != null; ) {
      lines.add(line);
    }
    return lines;
  }

  private static RequestLine line(String text) {
    return RequestLine.of(text.getBytes(UTF_8));
  }
}
