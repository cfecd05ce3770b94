package io.winter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/Dockerfile, checked by reading it (no container engine runs here). */
class DockerfileTest {
  static final long IMAGE_UID = 10001;

  private final List<String> lines = instructions(repoRoot().resolve("deploy/Dockerfile"));

  @Test
  void theBuildStageRunsTheBuildCommandTheReadmeGives() throws IOException {
    String readme = Files.readString(repoRoot().resolve("README.md"));
    Matcher m = Pattern.compile("(?m)^\\./mvnw -B -DskipTests package$").matcher(readme);
    assertThat(m.find()).as("README gives the build command").isTrue();
    assertThat(lines).contains("RUN " + m.group());
    assertThat(lines.get(1)).startsWith("FROM eclipse-temurin:17-jdk AS build");
    assertThat(readme).contains("docker build -f deploy/Dockerfile --build-arg BUILD_ENV=prod");
  }

  @Test
  void theImageRunsBinWinterAsANonRootUserOnAJre() {
    assertThat(lines).contains("ENTRYPOINT [\"/opt/winter/bin/winter\"]");
    assertThat(lines).anyMatch(l -> l.startsWith("COPY --from=build /src/bin/winter /opt/winter/bin/winter"));
    assertThat(lines).anyMatch(l -> l.startsWith("FROM eclipse-temurin:17-jre AS runtime"));
    String user = lines.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow();
    assertThat(user).doesNotContain("root").isNotEqualTo("USER 0");
    assertThat(lines).anyMatch(l -> l.contains("useradd") && l.contains("--uid " + IMAGE_UID));
    assertThat(lines).contains("VOLUME /data");
    assertThat(lines).anyMatch(l -> l.startsWith("ENV ") && l.contains("WINTER_DATA_DIR=/data"));
  }

  @Test
  void itExposesTheDefaultPortsAndChecksHealthOnTheMetricsPort() {
    String expose = lines.stream().filter(l -> l.startsWith("EXPOSE ")).findFirst().orElseThrow();
    assertThat(Arrays.asList(expose.substring(7).split(" "))).containsExactlyInAnyOrder(
        Settings.RECEPTOR_PORT.defaultValue(), Settings.RAFT_PORT.defaultValue(),
        Settings.METRICS_PORT.defaultValue());
    String health = lines.stream().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst()
        .orElseThrow();
    assertThat(health).contains("${WINTER_METRICS_PORT:-" + Settings.METRICS_PORT.defaultValue()
        + "}").contains("GET /readyz");
  }

  @Test
  void buildEnvSelectsProdOrDevStage() {
    assertThat(lines.get(0)).isEqualTo("ARG BUILD_ENV=prod");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("FROM env-${BUILD_ENV}");
    assertThat(lines).anyMatch(l -> l.startsWith("FROM runtime AS env-prod"));
    assertThat(lines).anyMatch(l -> l.startsWith("FROM runtime AS env-dev"));
    assertThat(lines).anyMatch(l -> l.contains("WINTER_LOG_LEVEL=DEBUG"));
  }

  /** The Dockerfile's instructions, continuation lines joined, comments and blanks dropped. */
  static List<String> instructions(Path file) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    try {
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        current.append(line);
        out.add(current.toString().replaceAll("\\s+", " "));
        current.setLength(0);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
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
