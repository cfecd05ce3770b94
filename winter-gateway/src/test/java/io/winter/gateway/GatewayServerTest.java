package io.winter.gateway;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.winter.command.CommandExecutor;
import io.winter.command.ParserLimits;
import io.winter.metrics.GatewayMetrics;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway over real sockets, on each transport it may run on. */
class GatewayServerTest {
  private static final GatewayServer.Limits LIMITS =
      new GatewayServer.Limits(64, new ParserLimits(16, 32, 16), 8, 1000);

  @ParameterizedTest
  @ValueSource(strings = {"io_uring", "epoll", "nio"})
  void answersAPipelinedBurstInOrderAndThenTheHalfClose(String name) throws Exception {
    GatewayTransport transport = transport(name);
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

  @ParameterizedTest
  @ValueSource(strings = {"io_uring", "epoll", "nio"})
  void resetConnectionsAreLetGoAndTheNextClientIsAnswered(String name) throws Exception {
    GatewayTransport transport = transport(name);
    CommandExecutor executor = new CommandExecutor(EchoStore.immediate(), 5_000, 10);
    try (GatewayServer server = GatewayServer.start("127.0.0.1", 0, LIMITS, executor,
             GatewayMetrics.disabled(), transport)) {
      int port = server.localAddress().getPort();
      for (int i = 0; i < 20; i++) {
        try (Socket gone = new Socket("127.0.0.1", port)) {
          gone.setSoLinger(true, 0);
          gone.getOutputStream().write("GET t k1\nPUTNEW t k2 v\nGET t par".getBytes(US_ASCII));
        }
      }
      // every reset connection is let go (the limit is 8, and 20 went)
      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(server.openConnections()).isZero());
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.getOutputStream().write("GET t a\nPUTNEW t b v\n".getBytes(US_ASCII));
        socket.shutdownOutput();
        assertThat(readAll(socket.getInputStream())).containsExactly("t/a", "ok");
      }
    }
  }

  @Test
  void closeLetsACommandInTheStoreAnswerAndClosesEveryConnection() throws Exception {
    EchoStore store = EchoStore.deferred();
    CommandExecutor executor = new CommandExecutor(store, 30_000, 10);
    GatewayServer server = GatewayServer.start("127.0.0.1", 0, LIMITS, executor);
    int port = server.localAddress().getPort();
    try (Socket idle = new Socket("127.0.0.1", port);
         Socket busy = new Socket("127.0.0.1", port)) {
      busy.getOutputStream().write("PUTNEW t k v\n".getBytes(US_ASCII));
      await().atMost(Duration.ofSeconds(10)).until(() -> store.pending() == 1);
      Thread closing = new Thread(server::close, "gateway-close");
      closing.start();

      assertThat(idle.getInputStream().read()).as("the idle connection is closed").isEqualTo(-1);
      // the reply reaches the client only if close waited for the command in the store
      store.answerOne(new SplittableRandom(1));
      assertThat(readAll(busy.getInputStream())).containsExactly("ok");
      closing.join(Duration.ofSeconds(30).toMillis());
      assertThat(closing.isAlive()).isFalse();
    } finally {
      server.close();
    }
  }

  /** WINTER_IO_THREADS=1: one event loop serves every connection, each in its own order. */
  @Test
  void oneEventLoopAnswersManyConnectionsAtOnce() throws Exception {
    CommandExecutor executor = new CommandExecutor(EchoStore.immediate(), 5_000, 10);
    try (GatewayServer server = GatewayServer.start("127.0.0.1", 0, LIMITS, 1, executor,
        GatewayMetrics.disabled())) {
      assertThat(server.eventLoopCount()).isEqualTo(1);
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 6; i++) {
          Socket socket = new Socket("127.0.0.1", server.localAddress().getPort());
          sockets.add(socket);
          socket.getOutputStream().write(("GET t a" + i + "\nPUTNEW t b v\nGET t c" + i + "\n")
              .getBytes(US_ASCII));
          socket.shutdownOutput();
        }
        for (int i = 0; i < 6; i++) {
          assertThat(readAll(sockets.get(i).getInputStream()))
              .containsExactly("t/a" + i, "ok", "t/c" + i);
        }
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  @Test
  void theEventLoopsAreTheConfiguredCountElseAtLeastOne() throws Exception {
    CommandExecutor executor = new CommandExecutor(EchoStore.immediate(), 5_000, 10);
    try (GatewayServer three = GatewayServer.start("127.0.0.1", 0, LIMITS, 3, executor,
             GatewayMetrics.disabled());
         GatewayServer automatic = GatewayServer.start("127.0.0.1", 0, LIMITS, 0, executor,
             GatewayMetrics.disabled())) {
      assertThat(three.eventLoopCount()).isEqualTo(3);
      assertThat(automatic.eventLoopCount())
          .isBetween(1, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
  }

  /** A port in use fails the start and leaves no event-loop thread behind. */
  @ParameterizedTest
  @ValueSource(strings = {"io_uring", "epoll", "nio"})
  void aPortInUseFailsTheStartAndLeavesNoThreads(String name) throws Exception {
    GatewayTransport transport = transport(name);
    CommandExecutor executor = new CommandExecutor(EchoStore.immediate(), 5_000, 10);
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      long before = eventLoopThreads();
      assertThatThrownBy(() -> GatewayServer.start("127.0.0.1", taken.getLocalPort(), LIMITS,
          executor, GatewayMetrics.disabled(), transport))
          .isInstanceOf(java.io.IOException.class).hasMessageContaining("in use");
      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(eventLoopThreads()).isLessThanOrEqualTo(before));
    }
  }

  private static long eventLoopThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("multiThreadIoEventLoopGroup"))
        .count();
  }

  @Test
  void anUnknownTransportNameFailsWithTheChoices() {
    String before = System.getProperty(GatewayTransport.PROPERTY);
    System.setProperty(GatewayTransport.PROPERTY, "kqueue");
    try {
      assertThatThrownBy(GatewayTransport::choose)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected auto, io_uring, epoll or nio");
    } finally {
      if (before == null) {
        System.clearProperty(GatewayTransport.PROPERTY);
      } else {
        System.setProperty(GatewayTransport.PROPERTY, before);
      }
    }
  }

  @Test
  void theAutomaticChoiceTakesTheBestTransportThatLoads() {
    assumeTrue(System.getProperty(GatewayTransport.PROPERTY) == null,
        "-D" + GatewayTransport.PROPERTY + " is set for this run");
    GatewayTransport chosen = GatewayTransport.choose();
    String expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
    assertThat(chosen.name()).isEqualTo(expected);
    assertThat(chosen.describe()).startsWith(expected);
    assertThat(chosen.skipped()).hasSize(List.of("io_uring", "epoll", "nio").indexOf(expected));
  }

  /** The named transport, or the test is skipped where its native library does not load. */
  private static GatewayTransport transport(String name) {
    switch (name) {
      case "io_uring":
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here: "
            + IoUring.unavailabilityCause());
        return GatewayTransport.ioUring();
      case "epoll":
        assumeTrue(Epoll.isAvailable(), "native epoll does not load here: "
            + Epoll.unavailabilityCause());
        return GatewayTransport.epoll();
      default:
        return GatewayTransport.nio();
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
