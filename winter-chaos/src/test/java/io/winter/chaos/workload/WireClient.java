package io.winter.chaos.workload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A blocking text-protocol connection: one request line out, one reply line back. */
final class WireClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private WireClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static WireClient connect(String host, int port, Duration readTimeout) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout((int) readTimeout.toMillis());
      s.setTcpNoDelay(true);
      return new WireClient(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Sends one line and returns the reply line; a timeout or a closed connection throws. */
  String call(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed by the node");
      }
      if (b == '\n') {
        break;
      }
      reply.write(b);
    }
    String s = reply.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a broken connection
    }
  }
}
