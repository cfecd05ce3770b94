package io.winter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Small assertion helpers shared by the end-to-end tests. */
public final class E2e {

  private E2e() {}

  /** Sends {@code request} (LF-terminated) and asserts the exact reply. */
  public static void expect(TextClient c, String request, String reply) {
    assertThat(c.send(request)).as("reply to '%s'", printable(request)).isEqualTo(reply);
  }

  /** Sends {@code request} CRLF-terminated and asserts the exact reply. */
  static void expectCrlf(TextClient c, String request, String reply) {
    assertThat(c.sendCrlf(request)).as("reply to '%s\\r\\n'", printable(request)).isEqualTo(reply);
  }

  /**
   * Plays a transcript written as in the docs: lines starting with "> " are requests, every other
   * line is the expected reply to the request before it.
   */
  static void transcript(TextClient c, boolean crlf, String text) {
    List<String[]> steps = parse(text);
    for (String[] step : steps) {
      if (crlf) {
        expectCrlf(c, step[0], step[1]);
      } else {
        expect(c, step[0], step[1]);
      }
    }
  }

  static List<String[]> parse(String text) {
    List<String[]> steps = new ArrayList<>();
    String request = null;
    for (String line : text.strip().split("\n", -1)) {
      if (line.startsWith("> ")) {
        if (request != null) {
          throw new IllegalArgumentException("request without reply: " + request);
        }
        request = line.substring(2);
      } else {
        if (request == null) {
          throw new IllegalArgumentException("reply without request: " + line);
        }
        steps.add(new String[] {request, line});
        request = null;
      }
    }
    if (request != null) {
      throw new IllegalArgumentException("request without reply: " + request);
    }
    return steps;
  }

  /** The node still answers PING on a brand-new connection. */
  public static void assertAlive(WinterProcess node) {
    try (TextClient c = node.client()) {
      expect(c, "PING", "pong");
    }
  }

  public static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char ch : s.toCharArray()) {
      if (ch == '\r') {
        sb.append("\\r");
      } else if (ch == '\t') {
        sb.append("\\t");
      } else if (ch < 0x20) {
        sb.append(String.format("\\x%02x", (int) ch));
      } else {
        sb.append(ch);
      }
      if (sb.length() > 200) {
        return sb.append("...(" + s.length() + " chars)").toString();
      }
    }
    return sb.toString();
  }
}
