package io.winter.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import io.winter.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real node's metrics port: health, the values its commands produce, and valid exposition. */
@ExtendWith(WinterLogsOnFailure.class)
class MetricsIT {

  @TempDir static Path tmp;
  static WinterProcess node;

  @BeforeAll
  static void startNode() {
    node = WinterProcess.start(tmp.resolve("metrics"),
        Map.of("WINTER_LOG_FORMAT", "json", "WINTER_MAX_LINE_BYTES", "64"));
    await("/readyz of a single node").atMost(Duration.ofSeconds(60))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> Http.get(node.metricsPort(), "/readyz").statusCode() == 200);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void livezAndReadyzAnswerAndUnknownPathsDoNot() throws IOException {
    assertThat(Http.get(node.metricsPort(), "/livez").statusCode()).isEqualTo(200);
    assertThat(Http.get(node.metricsPort(), "/readyz").body()).isEqualTo("ready\n");
    assertThat(Http.get(node.metricsPort(), "/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void theScrapeShowsWhatTheCommandsDid() {
    Map<String, Double> before = Scrape.samples(Scrape.metrics(node.metricsPort()));
    try (TextClient c = node.client()) {
      assertThat(c.send("CREATE metrics_t")).isEqualTo("created");
      for (int i = 0; i < 3; i++) {
        assertThat(c.send("PUTNEW metrics_t key" + i + " value" + i)).isEqualTo("ok");
      }
      assertThat(c.send("GET metrics_t key1")).isEqualTo("value1");
      assertThat(c.send("GET metrics_t nokey")).isEqualTo("nil");
      assertThat(c.send("GET no_such_table k")).isEqualTo("missing table");
      assertThat(c.send("PUTNEW metrics_t long " + "x".repeat(100))).startsWith("error line too");
      assertThat(c.send("FROB")).startsWith("unrecognized command");
    }

    Map<String, Double> after = Scrape.samples(Scrape.metrics(node.metricsPort()));

    assertThat(delta(before, after, "winter_gateway_commands_total{command=\"putnew\",outcome=\"ok\"}"))
        .isEqualTo(3);
    assertThat(delta(before, after, "winter_gateway_commands_total{command=\"get\",outcome=\"ok\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "winter_gateway_commands_total{command=\"get\",outcome=\"nil\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after,
        "winter_gateway_commands_total{command=\"get\",outcome=\"missing_table\"}")).isEqualTo(1);
    assertThat(delta(before, after, "winter_gateway_rejected_total{reason=\"too_long\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "winter_gateway_rejected_total{reason=\"invalid\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after,
        "winter_gateway_command_duration_seconds_count{command=\"putnew\"}")).isEqualTo(3);
    assertThat(after).containsKey(
        "winter_gateway_command_duration_seconds_bucket{command=\"putnew\",le=\"0.001\"}");
    assertThat(after.get("winter_gateway_received_bytes_total")).isGreaterThan(100);
    assertThat(after.get("winter_table_keys{table=\"metrics_t\"}")).isEqualTo(3);
    assertThat(after.get("winter_table_size_bytes{table=\"metrics_t\"}"))
        .isEqualTo(3 * ("key0".length() + "value0".length()));
    assertThat(after.get("winter_raft_leader{group=\"table\",table=\"metrics_t\"}")).isEqualTo(1);
    assertThat(after.get("winter_raft_has_leader{group=\"catalog\",table=\"\"}")).isEqualTo(1);
    assertThat(after.get("winter_raft_applied_index{group=\"table\",table=\"metrics_t\"}"))
        .isGreaterThanOrEqualTo(3);
    assertThat(after.get("winter_raft_groups_leaderless")).isZero();
    assertThat(after).containsKeys("process_cpu_seconds_total", "jvm_threads_live_threads");
  }

  @Test
  void promtoolAcceptsTheScrape() throws Exception {
    Assumptions.assumeTrue(Tools.onPath("promtool"),
        "promtool is not installed (Debian package prometheus): skipping the exposition check");
    String text = Scrape.metrics(node.metricsPort());
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics said: %s", out).isZero();
  }

  @Test
  void logLinesAreJsonObjects() throws IOException {
    List<String> lines = Files.readAllLines(tmp.resolve("metrics").resolve("winter-1.log"));
    JsonMapper json = JsonMapper.builder().build();
    boolean sawSettings = false;
    for (String line : lines) {
      assertThat(line).as("a log line in text format").doesNotContainPattern("^\\d{4}-\\d\\d-\\d\\dT");
      if (line.startsWith("{")) {
        JsonNode event = json.readTree(line);
        assertThat(event.has("level") && event.has("loggerName")).as(line).isTrue();
        sawSettings |= event.get("formattedMessage").asString().startsWith("settings: ");
      }
    }
    assertThat(sawSettings).as("the settings line, as JSON, in %s", lines).isTrue();
  }

  @Test
  void docsMetricsListsEveryWinterMetric() throws IOException {
    String doc = Files.readString(WinterProcess.repoRoot().resolve("docs").resolve("metrics.md"));
    for (String line : Scrape.metrics(node.metricsPort()).split("\n")) {
      if (line.startsWith("# TYPE winter_")) {
        String family = line.split(" ")[2].replaceFirst("_max$", "");
        assertThat(doc).as("docs/metrics.md lists %s", family).contains("`" + family + "`");
      }
    }
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
    assertThat(after).containsKey(key);
    return after.get(key) - before.getOrDefault(key, 0.0);
  }
}
