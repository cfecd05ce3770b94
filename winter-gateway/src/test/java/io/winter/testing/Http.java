package io.winter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs on a node's metrics port (metrics, readiness, debug pages), for tests. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private Http() {}

  /** The response to a GET on host:port; IOException when nothing answers in time. */
  public static HttpResponse<String> get(String host, int port, String path, Duration timeout)
      throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
        .timeout(timeout).GET().build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The response to a GET on 127.0.0.1:port within 10 s. */
  public static HttpResponse<String> get(int port, String path) throws IOException {
    return get("127.0.0.1", port, path, DEFAULT_TIMEOUT);
  }

  /** The body of a GET on 127.0.0.1:port that must answer 200. */
  public static String body(int port, String path) {
    HttpResponse<String> r;
    try {
      r = get(port, path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
