package io.winter.bench.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/** Polling until a server is ready. */
final class Await {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private Await() {}

  /** Polls {@code ready} every 200 ms until it is true; its exceptions propagate. */
  static void until(String what, Duration timeout, Callable<Boolean> ready) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.call()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("not ready within " + timeout + ": " + what);
      }
      Thread.sleep(200);
    }
  }

  /** The HTTP status and body of a GET, or null when nothing answers. */
  static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      return null;
    }
  }
}
