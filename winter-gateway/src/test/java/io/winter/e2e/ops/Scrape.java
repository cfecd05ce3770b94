package io.winter.e2e.ops;

import io.winter.testing.Http;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node's metrics page, and a reader of Prometheus text samples. */
final class Scrape {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})?) (\\S+)$");

  private Scrape() {}

  static String metrics(int port) {
    return Http.body(port, "/metrics");
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
