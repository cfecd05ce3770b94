package io.winter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** deploy/prometheus/winter-alerts.yml is valid, and its alerts fire on the series they mean. */
class AlertRulesTest {
  static final Path DIR = DockerfileTest.repoRoot().resolve("deploy").resolve("prometheus");

  @BeforeEach
  void needsPromtool() {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"));
    }
    Assumptions.assumeTrue(found,
        "promtool is not installed (Debian package prometheus): skipping the rule checks");
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    assertThat(promtool("check", "rules", "winter-alerts.yml")).contains("SUCCESS");
  }

  @Test
  void theRulesPassTheirUnitTests() throws Exception {
    assertThat(promtool("test", "rules", "winter-alerts.test.yml")).contains("SUCCESS");
  }

  @Test
  void theRulesUseOnlyDocumentedMetrics() throws Exception {
    String rules = Files.readString(DIR.resolve("winter-alerts.yml"));
    String doc = Files.readString(DockerfileTest.repoRoot().resolve("docs/metrics.md"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("winter_[a-z_]+").matcher(rules);
    while (m.find()) {
      assertThat(doc).as("docs/metrics.md lists %s", m.group()).contains("`" + m.group() + "`");
    }
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s said: %s", String.join(" ", args), out).isZero();
    return out;
  }
}
