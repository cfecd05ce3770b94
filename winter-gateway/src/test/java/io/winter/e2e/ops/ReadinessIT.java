package io.winter.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.winter.e2e.WinterLogsOnFailure;
import io.winter.e2e.WinterProcess;
import io.winter.testing.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} of the first node of a three-node cluster: not ready while it is alone (it
 * does not even form the catalog before a majority of the founders answer), ready once the
 * others have started.
 */
@ExtendWith(WinterLogsOnFailure.class)
class ReadinessIT {

  @TempDir Path tmp;
  private final List<WinterProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(WinterProcess::close);
  }

  @Test
  void notReadyBeforeTheCatalogHasALeaderAndReadyAfter() throws IOException {
    int[] ports = IntStream.range(0, 3).map(i -> WinterProcess.freePort()).toArray();
    int[] raftPorts = IntStream.range(0, 3).map(i -> WinterProcess.freePort()).toArray();
    String peers = IntStream.range(0, 3).mapToObj(i -> "r" + i + "=127.0.0.1:" + raftPorts[i])
        .collect(Collectors.joining(","));
    for (int i = 0; i < 3; i++) {
      nodes.add(WinterProcess.prepare(tmp.resolve("r" + i), "127.0.0.1", ports[i], raftPorts[i],
          List.of(), Map.of("WINTER_NODE_ID", "r" + i, "WINTER_PEERS", peers)));
    }
    WinterProcess first = nodes.get(0);
    first.launch(false);
    await("/livez of the first node").atMost(Duration.ofSeconds(60))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> Http.get(first.metricsPort(), "/livez").statusCode() == 200);
    first.awaitReady();

    HttpResponse<String> alone = await("/readyz of the first node once it has asked the others")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> Http.get(first.metricsPort(), "/readyz"),
            r -> r.body().contains("founding nodes"));
    assertThat(alone.statusCode()).as(alone.body()).isEqualTo(503);
    assertThat(alone.body()).startsWith("not ready: ")
        .contains("waiting for a majority of the 3 founding nodes");
    assertThat(Scrape.samples(Scrape.metrics(first.metricsPort())))
        .doesNotContainKey("winter_raft_has_leader{group=\"catalog\",table=\"\"}");

    nodes.get(1).launch(false);
    nodes.get(2).launch(false);
    await("/readyz of the first node once the cluster is up").atMost(Duration.ofSeconds(90))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> Http.get(first.metricsPort(), "/readyz").statusCode() == 200);
    for (WinterProcess node : nodes) {
      await("/readyz of " + node).atMost(Duration.ofSeconds(90))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> Http.get(node.metricsPort(), "/readyz").statusCode() == 200);
    }
  }
}
