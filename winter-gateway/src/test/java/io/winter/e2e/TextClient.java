package io.winter.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking client for Winter's line protocol, strict about framing: every reply must end in
 * CRLF, and a bare LF or a CR elsewhere than before the LF fails the test.
 */
public final class TextClient implements AutoCloseable {

  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private TextClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = socket.getOutputStream();
  }

  public static TextClient connect(int port) throws IOException {
    return connect(port, READ_TIMEOUT);
  }

  public static TextClient connect(int port, Duration readTimeout) throws IOException {
    return connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), readTimeout);
  }

  /** Connects to {@code host:port} (a literal address or a name). */
  public static TextClient connect(String host, int port, Duration readTimeout) throws IOException {
    return connect(new InetSocketAddress(host, port), readTimeout);
  }

  private static TextClient connect(InetSocketAddress address, Duration readTimeout) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(address, (int) CONNECT_TIMEOUT.toMillis());
      s.setSoTimeout((int) readTimeout.toMillis());
      return new TextClient(s);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  public Socket socket() {
    return socket;
  }

  /** Changes how long one read may block. */
  public TextClient readTimeout(Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Writes {@code line + "\n"} (UTF-8) and returns the one reply line, without its CRLF. */
  public String send(String line) {
    sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    return readLine();
  }

  /** Writes {@code line + "\r\n"} (UTF-8) and returns the one reply line, without its CRLF. */
  public String sendCrlf(String line) {
    sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    return readLine();
  }

  /** Writes {@code line} bytes followed by LF and returns the reply bytes, without the CRLF. */
  public byte[] sendBytes(byte[] line) {
    byte[] buf = new byte[line.length + 1];
    System.arraycopy(line, 0, buf, 0, line.length);
    buf[line.length] = '\n';
    sendRaw(buf);
    return readLineBytes();
  }

  /** Writes the bytes as they are, in one write, and flushes. */
  public void sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one reply line (UTF-8) without its CRLF. */
  public String readLine() {
    return new String(readLineBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Reads one reply line without its CRLF. Fails if the line does not end in CRLF, if it holds
   * another CR, or if the connection ends before the line does.
   */
  public byte[] readLineBytes() {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (line.size() == 0) {
            throw new UncheckedIOException(new EOFException("connection closed by the server, no reply"));
          }
          throw new AssertionError("connection closed in the middle of a reply line: '"
              + line.toString(StandardCharsets.UTF_8) + "'");
        }
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
            throw new AssertionError("reply line does not end in CRLF: '"
                + new String(bytes, StandardCharsets.UTF_8) + "\\n'");
          }
          byte[] body = java.util.Arrays.copyOf(bytes, bytes.length - 1);
          for (byte c : body) {
            if (c == '\r') {
              throw new AssertionError("stray CR inside reply line: '"
                  + new String(body, StandardCharsets.UTF_8) + "'");
            }
          }
          return body;
        }
        line.write(b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no complete reply line within the read timeout; got so far: '"
          + line.toString(StandardCharsets.UTF_8) + "'", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes all lines (each + "\n") in ONE write, from a separate thread so a server that stops
   * reading until its replies are read cannot deadlock us, and reads exactly one reply per line.
   */
  public List<String> pipeline(List<String> lines) {
    StringBuilder sb = new StringBuilder(lines.size() * 32);
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    return pipelineRaw(sb.toString().getBytes(StandardCharsets.UTF_8), lines.size());
  }

  /** Writes {@code bytes} in one write (from another thread) and reads {@code replies} lines. */
  public List<String> pipelineRaw(byte[] bytes, int replies) {
    CompletableFuture<Void> writer = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        out.write(bytes);
        out.flush();
        writer.complete(null);
      } catch (Throwable e) {
        writer.completeExceptionally(e);
      }
    }, "pipeline-writer");
    t.setDaemon(true);
    t.start();
    List<String> result = new ArrayList<>(replies);
    try {
      for (int i = 0; i < replies; i++) {
        try {
          result.add(readLine());
        } catch (RuntimeException | AssertionError e) {
          AssertionError err = new AssertionError(
              "pipeline: failed reading reply " + (i + 1) + " of " + replies + ": " + e, e);
          writer.whenComplete((v, w) -> {
            if (w != null) {
              err.addSuppressed(w);
            }
          });
          throw err;
        }
      }
      writer.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(new IOException("pipeline write failed", e.getCause()));
    } catch (TimeoutException e) {
      throw new AssertionError("pipeline write did not finish", e);
    }
    return result;
  }

  /**
   * Asserts that the server has closed the connection in an orderly way: the next read is
   * end-of-stream (a connection reset fails too).
   */
  public void assertClosedByServer() {
    try {
      int b = in.read();
      if (b >= 0) {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        rest.write(b);
        socket.setSoTimeout(500);
        try {
          int c;
          while ((c = in.read()) >= 0 && rest.size() < 200) {
            rest.write(c);
          }
        } catch (SocketTimeoutException ignored) {
          // fall through
        }
        throw new AssertionError("expected the server to close the connection, but it sent: '"
            + rest.toString(StandardCharsets.UTF_8) + "'");
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("expected the server to close the connection, but it stayed open", e);
    } catch (SocketException e) {
      throw new AssertionError("expected an orderly close (EOF) by the server, got: " + e, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes abruptly with a TCP RST (SO_LINGER 0), as a crashing client would. */
  public void abort() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
