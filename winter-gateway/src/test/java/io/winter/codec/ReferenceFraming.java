package io.winter.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The request lines docs/protocol.md finds in a byte stream as it arrives, written as plainly as
 * possible: the model the frame decoder is checked against.
 */
public final class ReferenceFraming {
  private final byte[] stream;
  private final int maxLineBytes;
  private final List<RequestLine> lines = new ArrayList<>();
  private int arrived;
  private int lineStart;
  /** Whether the line being received was already answered as too long. */
  private boolean marked;

  public ReferenceFraming(byte[] stream, int maxLineBytes) {
    this.stream = stream;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The requests known once the first {@code length} bytes have arrived: every LF-terminated line
   * less one CR right before its LF, a line longer than the limit as the too-long mark. A line
   * is known to be too long, and marked, as soon as it has two bytes more than the limit (one may
   * be the CR of its line ending), LF or not; any other unterminated line is no request yet.
   */
  public List<RequestLine> linesAfter(int length) {
    for (; arrived < length; arrived++) {
      if (stream[arrived] != '\n') {
        continue;
      }
      if (!marked) {
        int end = arrived > lineStart && stream[arrived - 1] == '\r' ? arrived - 1 : arrived;
        lines.add(end - lineStart > maxLineBytes
            ? RequestLine.tooLong(maxLineBytes)
            : RequestLine.of(Arrays.copyOfRange(stream, lineStart, end)));
      }
      marked = false;
      lineStart = arrived + 1;
    }
    if (!marked && arrived - lineStart > maxLineBytes + 1) {
      lines.add(RequestLine.tooLong(maxLineBytes));
      marked = true;
    }
    return Collections.unmodifiableList(lines);
  }
}
