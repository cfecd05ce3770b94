package io.winter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from Settings.ALL; this fails when it is stale. */
class ConfigurationDocTest {
  static final String REGENERATE = "./mvnw -B -q install -DskipTests -DskipITs && ./mvnw -B -q "
      + "-pl winter-gateway test -Dtest=ConfigurationDocTest -Dwinter.writeDocs=true";

  @Test
  void theDocMatchesTheDeclaredSettings() throws IOException {
    Path doc = repoRoot().resolve("docs").resolve("configuration.md");
    String generated = WinterConfig.markdown();
    if (Boolean.getBoolean("winter.writeDocs")) {
      Files.writeString(doc, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "")
        .as("docs/configuration.md is stale; regenerate it with: %s", REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void theDocAndHelpListEverySetting() {
    String doc = WinterConfig.markdown();
    String help = WinterConfig.help();
    for (Setting<?> s : Settings.ALL) {
      assertThat(doc).contains("| `" + s.env() + "` | `" + s.flag() + "` |");
      assertThat(help).contains(s.flag()).contains(s.env()).contains(s.description());
    }
  }

  static Path repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("bin").resolve("winter"))) {
        return d;
      }
    }
    throw new IllegalStateException("no bin/winter above " + Path.of("").toAbsolutePath());
  }
}
