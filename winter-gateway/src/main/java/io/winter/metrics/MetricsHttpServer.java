package io.winter.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of the metrics port: {@code /metrics}, {@code /livez}, {@code /readyz} and
 * {@code /debug/replicas}.
 */
final class MetricsHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService threads;
  private final Supplier<String> scrape;
  private final Readiness readiness;
  private final Supplier<String> replicas;

  private MetricsHttpServer(HttpServer server, Supplier<String> scrape, Readiness readiness,
                            Supplier<String> replicas) {
    this.server = server;
    this.scrape = scrape;
    this.readiness = readiness;
    this.replicas = replicas;
    this.threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "winter-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  static MetricsHttpServer start(String host, int port, Supplier<String> scrape,
                                 Readiness readiness, Supplier<String> replicas)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (BindException e) {
      throw new IOException("metrics port " + host + ":" + port + " is in use: set "
          + "WINTER_METRICS_PORT to a free port (0: any)", e);
    }
    MetricsHttpServer s = new MetricsHttpServer(server, scrape, readiness, replicas);
    LOG.info("metrics and health on http://{}:{}/metrics", host, s.address().getPort());
    return s;
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        reply(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/metrics" -> reply(exchange, 200, PROMETHEUS_TEXT, scrape.get());
        case "/livez" -> reply(exchange, 200, "text/plain; charset=utf-8", "alive\n");
        case "/readyz" -> {
          Readiness.Result r = readiness.check();
          reply(exchange, r.ready() ? 200 : 503, "text/plain; charset=utf-8",
              (r.ready() ? "ready" : "not ready: " + r.reason()) + "\n");
        }
        case "/debug/replicas" -> reply(exchange, 200, "text/plain; charset=utf-8",
            replicas.get());
        default -> reply(exchange, 404, "text/plain; charset=utf-8",
            "not found: try /metrics, /livez, /readyz or /debug/replicas\n");
      }
    } catch (RuntimeException e) {
      LOG.warn("metrics request {} failed", exchange.getRequestURI(), e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
