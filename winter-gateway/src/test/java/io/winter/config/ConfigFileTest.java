package io.winter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir
  Path dir;

  private Path file(String... lines) throws IOException {
    return Files.write(dir.resolve("winter.conf"), List.of(lines));
  }

  @Test
  void aFlagWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault()
      throws IOException {
    Path conf = file("# a comment", "", "RECEPTOR_PORT = 7001", "WINTER_RAFT_PORT=7002",
        "WINTER_MAX_TABLES = 7003", "WINTER_DATA_DIR = \"/srv/winter data\"");

    WinterConfig config = WinterConfig.load(
        List.of("--config", conf.toString(), "--receptor-port", "8001"),
        Map.of("RECEPTOR_PORT", "9001", "WINTER_RAFT_PORT", "9002"));

    assertThat(config.get(Settings.RECEPTOR_PORT)).isEqualTo(8001);
    assertThat(config.get(Settings.RAFT_PORT)).isEqualTo(9002);
    assertThat(config.get(Settings.MAX_TABLES)).isEqualTo(7003);
    assertThat(config.get(Settings.DATA_DIR)).isEqualTo("/srv/winter data");
    assertThat(config.get(Settings.MAX_PIPELINE)).isEqualTo(1024);
    assertThat(config.describe()).contains("WINTER_MAX_TABLES=7003 (" + conf + ")");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void theFileMayBeNamedByItsVariable() throws IOException {
    Path conf = file("WINTER_LOG_FORMAT = json");

    WinterConfig config = WinterConfig.load(List.of(), Map.of("WINTER_CONFIG", conf.toString()));

    assertThat(config.get(Settings.LOG_FORMAT)).isEqualTo("json");
  }

  @Test
  void unknownKeysAreWarnedAboutAndBadLinesRefused() throws IOException {
    Path conf = file("WINTER_NO_SUCH = 1", "WINTER_CONFIG = other.conf");
    WinterConfig config = WinterConfig.load(List.of("--config=" + conf), Map.of());
    assertThat(config.warnings()).hasSize(2)
        .anySatisfy(w -> assertThat(w).contains("line 1").contains("WINTER_NO_SUCH"))
        .anySatisfy(w -> assertThat(w).contains("line 2").contains("WINTER_CONFIG"));

    Path bad = file("RECEPTOR_PORT 6060");
    assertThatThrownBy(() -> WinterConfig.load(List.of("--config", bad.toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    assertThatThrownBy(() -> WinterConfig.load(List.of("--config", dir.resolve("none").toString()),
        Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read settings file");
  }

  @Test
  void aBadValueInTheFileNamesTheSetting() throws IOException {
    Path conf = file("WINTER_LOG_FORMAT = xml");
    assertThatThrownBy(() -> WinterConfig.load(List.of("--config", conf.toString()), Map.of()))
        .hasMessageContaining("WINTER_LOG_FORMAT").hasMessageContaining("text or json");
  }
}
