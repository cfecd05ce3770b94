package io.winter.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.TextClient;
import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import io.winter.testing.Http;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real Prometheus server scrapes a real node; its query API returns the node's values. */
@ExtendWith(WinterLogsOnFailure.class)
class PrometheusIT {

  @TempDir Path tmp;
  private WinterProcess node;
  private Process prometheus;

  @AfterEach
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(15, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void prometheusScrapesTheValuesOfTheTestsCommands() throws Exception {
    Assumptions.assumeTrue(Tools.onPath("prometheus"),
        "prometheus is not installed (Debian package prometheus): skipping the scrape test");
    node = WinterProcess.start(tmp.resolve("node"));
    try (TextClient c = node.client()) {
      assertThat(c.send("CREATE scraped")).isEqualTo("created");
      for (int i = 0; i < 5; i++) {
        assertThat(c.send("PUTNEW scraped k" + i + " v")).isEqualTo("ok");
      }
    }
    int webPort = WinterProcess.freePort();
    startPrometheus(webPort, node.metricsPort());

    assertThat(awaitValue(webPort, "winter_table_keys{table=\"scraped\"}")).isEqualTo("5");
    assertThat(awaitValue(webPort,
        "winter_gateway_commands_total{command=\"putnew\",outcome=\"ok\",job=\"winter\"}"))
        .isEqualTo("5");
    assertThat(awaitValue(webPort, "winter_raft_has_leader{group=\"catalog\"}")).isEqualTo("1");
  }

  private void startPrometheus(int webPort, int metricsPort) throws IOException {
    Path config = Files.writeString(tmp.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: winter
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(metricsPort));
    Path log = tmp.resolve("prometheus.log");
    prometheus = new ProcessBuilder(List.of("prometheus",
        "--config.file=" + config,
        "--storage.tsdb.path=" + tmp.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + webPort))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }

  /** The value of the query's single series, once Prometheus has scraped it. */
  private String awaitValue(int webPort, String query) {
    JsonMapper json = JsonMapper.builder().build();
    String[] value = new String[1];
    await("Prometheus answering " + query).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> {
          assertThat(prometheus.isAlive()).as("prometheus running").isTrue();
          var r = Http.get(webPort, "/api/v1/query?query="
              + URLEncoder.encode(query, StandardCharsets.UTF_8));
          if (r.statusCode() != 200) {
            return false;
          }
          JsonNode result = json.readTree(r.body()).path("data").path("result");
          if (result.size() != 1) {
            return false;
          }
          value[0] = result.get(0).path("value").get(1).asString();
          return true;
        });
    return value[0];
  }
}
