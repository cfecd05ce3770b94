package io.winter.e2e.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP helpers for a node's metrics port, and a reader of Prometheus text samples. */
final class Scrape {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})?) (\\S+)$");

  private Scrape() {}

  /** The response to a GET on 127.0.0.1:port; IOException when nothing answers. */
  static HttpResponse<String> get(int port, String path) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static String metrics(int port) {
    try {
      HttpResponse<String> r = get(port, "/metrics");
      if (r.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every sample of the exposition text, keyed by its name and labels as written. */
  static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.matches()) {
        samples.put(m.group(1), Double.parseDouble(m.group(3)));
      }
    }
    return samples;
  }
}
