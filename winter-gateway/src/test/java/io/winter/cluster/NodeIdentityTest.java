package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
  @TempDir Path dir;

  @Test
  void theIdIsKeptAcrossStartsWhateverIsConfiguredLater() throws Exception {
    File data = dir.resolve("data").toFile();

    assertThat(NodeIdentity.resolve(data, "n1")).isEqualTo("n1");
    assertThat(NodeIdentity.resolve(data, "n2")).isEqualTo("n1");
  }

  @Test
  void theIncarnationIsKeptWhileTheRaftStateExists() throws Exception {
    File data = dir.resolve("data").toFile();

    String first = NodeIdentity.incarnation(data, false);
    String again = NodeIdentity.incarnation(data, true);

    assertThat(first).isNotBlank();
    assertThat(again).isEqualTo(first);
  }

  @Test
  void aStartWithoutRaftStateIsANewIncarnation() throws Exception {
    File data = dir.resolve("data").toFile();
    String first = NodeIdentity.incarnation(data, true);

    String afterLoss = NodeIdentity.incarnation(data, false);

    assertThat(afterLoss).isNotEqualTo(first);
    assertThat(NodeIdentity.incarnation(data, true)).isEqualTo(afterLoss);
  }

  @Test
  void aDirectoryFromBeforeIncarnationsGetsOneAndKeepsIt() throws Exception {
    File data = dir.resolve("data").toFile();
    NodeIdentity.resolve(data, "n1");

    String assigned = NodeIdentity.incarnation(data, true);

    assertThat(NodeIdentity.incarnation(data, true)).isEqualTo(assigned);
    assertThat(Files.list(data.toPath()).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("node-id", "node-incarnation");
  }
}
