package io.winter.gateway;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.winter.command.CommandExecutor;
import io.winter.command.ParserLimits;
import io.winter.metrics.GatewayMetrics;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway over real sockets, on each transport it may run on. */
class GatewayServerTest {
  private static final GatewayServer.Limits LIMITS =
      new GatewayServer.Limits(64, new ParserLimits(16, 32, 16), 8, 1000);

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void answersAPipelinedBurstInOrderAndThenTheHalfClose(String name) throws Exception {
    if (name.equals("epoll")) {
      assumeTrue(Epoll.isAvailable(), "native epoll does not load here: "
          + Epoll.unavailabilityCause());
    }
    GatewayTransport transport = name.equals("epoll")
        ? GatewayTransport.epoll() : GatewayTransport.nio();
    StringBuilder burst = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      switch (i % 4) {
        case 0 -> { burst.append("GET t k").append(i).append('\n'); expected.add("t/k" + i); }
        case 1 -> { burst.append("PUTNEW t k").append(i).append(" v\n"); expected.add("ok"); }
        case 2 -> { burst.append("GET nosuch k\n"); expected.add("missing table"); }
        default -> {
          burst.append("x".repeat(100)).append('\n');
          expected.add("error line too long: limit 64 bytes");
        }
      }
    }
    CommandExecutor executor = new CommandExecutor(EchoStore.immediate(), 5_000, 10);
    try (GatewayServer server = GatewayServer.start("127.0.0.1", 0, LIMITS, executor,
             GatewayMetrics.disabled(), transport);
         Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
      socket.getOutputStream().write(burst.toString().getBytes(US_ASCII));
      socket.shutdownOutput();
      List<String> replies = readAll(socket.getInputStream());
      assertThat(replies).containsExactlyElementsOf(expected);
    }
  }

  /** Every reply line until the server closes the connection. */
  private static List<String> readAll(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    String text = bytes.toString(US_ASCII);
    assertThat(text).endsWith("\r\n");
    return List.of(text.substring(0, text.length() - 2).split("\r\n", -1));
  }
}
