package io.winter.bench.driver.winter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A blocking one-request-at-a-time text client for setup commands (PING, CREATE, DROP). */
public final class LineClient implements AutoCloseable {

  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  private LineClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = socket.getOutputStream();
  }

  public static LineClient connect(String host, int port, Duration timeout) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      return new LineClient(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Sends one line and returns the reply line. */
  public String send(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    String reply = in.readLine();
    if (reply == null) {
      throw new IOException("connection closed before the reply to " + line);
    }
    return reply;
  }

  /** Sends one line on a fresh connection; any failure gives null. */
  public static String tryOnce(String host, int port, String line, Duration timeout) {
    try (LineClient c = connect(host, port, timeout)) {
      return c.send(line);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
