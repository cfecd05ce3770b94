package io.winter.e2e;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The ways a hostile client misbehaves on one connection, each ending with the client vanishing
 * mid-line or mid-pipeline. Its vocabulary leaves out CREATE and DROP: a table is a Raft group,
 * too costly to make by the hundred, and dropping the good client's table would be a legitimate
 * request, not an attack.
 */
enum Hostility {
  /** Random bytes biased towards line endings and command words, then a reset mid-line. */
  JUNK {
    @Override
    void round(TextClient c, Random random) {
      for (int i = 0; i < 40; i++) {
        c.sendRaw(junk(random, 1 + random.nextInt(8192)));
        discardReplies(c);
      }
      c.sendRaw(bytes("PUTNEW evil unfinished da"));
      c.abort();
    }
  },
  /** Tokens far over the line limit, one of them never finished, then a close mid-token. */
  HUGE {
    @Override
    void round(TextClient c, Random random) {
      c.sendRaw(bytes("PUTNEW evil huge "));
      for (int i = 0; i < 16; i++) {
        c.sendRaw(filled('h', 64 * 1024));
        discardReplies(c);
      }
      c.sendRaw(bytes("\nGET evil "));
      c.sendRaw(filled('k', 300 * 1024));
      c.sendRaw(bytes("\r\nPING\n"));
      c.sendRaw(filled('t', 20 * 1024 + random.nextInt(1024)));
      c.close();
    }
  },
  /** Requests ending in LF, CRLF, CR CR LF, with CRs inside, then a reset mid-line. */
  MIXED_LINE_ENDINGS {
    @Override
    void round(TextClient c, Random random) {
      String[] endings = {"\n", "\r\n", "\r\r\n", "\r"};
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        String ending = endings[random.nextInt(endings.length)];
        text.append(switch (i % 4) {
          case 0 -> "PUTNEW evil m" + i + " v\r" + i;
          case 1 -> "GET evil m" + i;
          case 2 -> "\tping\t";
          default -> "";
        }).append(ending);
      }
      c.sendRaw(bytes(text.toString()));
      discardReplies(c);
      c.sendRaw(bytes("GET evil m\r"));
      c.abort();
    }
  },
  /** 5000 pipelined requests and half a line; reads a few replies, then resets. */
  DEEP_PIPELINE {
    @Override
    void round(TextClient c, Random random) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 5000; i++) {
        text.append(switch (i % 3) {
          case 0 -> "PUTNEW evil p" + i + " v" + i;
          case 1 -> "PING";
          default -> "GET evil p" + (i - 2);
        }).append('\n');
      }
      c.sendRaw(bytes(text + "PUTNEW evil p-partial da"));
      for (int i = 0; i < 30; i++) {
        String expected = switch (i % 3) {
          case 0 -> "ok";
          case 1 -> "pong";
          default -> "v" + (i - 2);
        };
        assertThat(c.readLine()).as("reply %d of a deep pipeline", i).isEqualTo(expected);
      }
      c.abort();
    }
  };

  private static final List<String> WORDS = List.of("GET", "PUTNEW", "DELETE", "TABLES", "PING",
      "ping", "EXPIRE", "QUIT", "evil", "far", "k", "v", "1", "1500", "315360000001", " ", "\t",
      "\r", "\n", "\r\n", "\n", "\n");

  /** One connection's worth of misbehaviour; may fail only if the node answers wrongly. */
  abstract void round(TextClient c, Random random);

  /** Runs {@code rounds} rounds, each on a new connection. */
  void run(WinterProcess node, long seed, int rounds) {
    Random random = new Random(seed);
    for (int i = 0; i < rounds; i++) {
      TextClient c = node.client();
      try {
        round(c, random);
      } catch (UncheckedIOException e) {
        // The node closes a connection whose junk held a QUIT: that round is over.
      } finally {
        c.abort();
      }
    }
  }

  static byte[] junk(Random random, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
    while (out.size() < length) {
      switch (random.nextInt(4)) {
        case 0 -> out.writeBytes(bytes(WORDS.get(random.nextInt(WORDS.size()))));
        case 1 -> out.write(new byte[] {0, (byte) 0xFF, (byte) 0x80, (byte) 0xC3}[random.nextInt(4)]);
        case 2 -> out.writeBytes(bytes(" "));
        default -> {
          byte[] noise = new byte[random.nextInt(64)];
          random.nextBytes(noise);
          out.writeBytes(noise);
        }
      }
    }
    return out.toByteArray();
  }

  /** Reads and drops whatever replies have arrived, without waiting for more. */
  static void discardReplies(TextClient c) {
    try {
      InputStream in = c.socket().getInputStream();
      for (int n; (n = in.available()) > 0; ) {
        in.readNBytes(n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] filled(char c, int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  static byte[] bytes(String text) {
    return text.getBytes(US_ASCII);
  }
}
