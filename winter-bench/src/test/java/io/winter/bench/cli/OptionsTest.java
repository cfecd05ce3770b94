package io.winter.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void readsValuesInBothFormsAndBareFlags() {
    Options o = Options.parse(List.of("--duration", "5s", "--warmup=500ms", "--smoke", "--repeats", "3"),
        Set.of("smoke"));

    assertThat(o.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.duration("warmup", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    assertThat(o.flag("smoke")).isTrue();
    assertThat(o.integer("repeats", 1)).isEqualTo(3);
    assertThat(o.get("out", "docs")).isEqualTo("docs");
    o.rejectUnknown();
  }

  @Test
  void durationsTakeUnitsOrPlainSeconds() {
    assertThat(Options.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Options.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Options.parseDuration("3")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aMistypedFlagFailsInsteadOfRunningTheDefaults() {
    Options o = Options.parse(List.of("--durration", "5s"), Set.of());
    o.duration("duration", Duration.ZERO);
    assertThatThrownBy(o::rejectUnknown).hasMessageContaining("--durration");
  }
}
