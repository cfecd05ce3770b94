package io.winter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WinterConfigTest {

  @Test
  void everySettingHasItsDefault() {
    WinterConfig config = WinterConfig.load(List.of(), Map.of());

    assertThat(config.get(Settings.RECEPTOR_PORT)).isEqualTo(6060);
    assertThat(config.get(Settings.BIND)).isEqualTo("127.0.0.1");
    assertThat(config.get(Settings.RAFT_PORT)).isEqualTo(6061);
    assertThat(config.get(Settings.DATA_DIR)).isEqualTo("./data");
    assertThat(config.get(Settings.NODE_ID)).isEmpty();
    assertThat(config.get(Settings.MAX_LINE_BYTES)).isEqualTo(1 << 20);
    assertThat(config.get(Settings.MAX_KEY_BYTES)).isEqualTo(256);
    assertThat(config.get(Settings.MAX_VALUE_BYTES)).isEqualTo(1 << 20);
    assertThat(config.get(Settings.MAX_TABLE_NAME_BYTES)).isEqualTo(64);
    assertThat(config.get(Settings.MAX_TABLES)).isEqualTo(1000);
    assertThat(config.get(Settings.MAX_CONNECTIONS)).isEqualTo(1024);
    assertThat(config.get(Settings.MAX_PIPELINE)).isEqualTo(1024);
    assertThat(config.get(Settings.REQUEST_TIMEOUT_MS)).isEqualTo(5000);
    assertThat(config.get(Settings.SNAPSHOT_THRESHOLD)).isEqualTo(10000);
    assertThat(config.get(Settings.EXPIRY_SWEEP_MS)).isEqualTo(1000);
    assertThat(config.get(Settings.METRICS_PORT)).isEqualTo(9464);
    assertThat(config.get(Settings.LOG_LEVEL)).isEqualTo("INFO");
    assertThat(config.get(Settings.JAVA_OPTS)).isEmpty();
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void everySettingIsResolved() {
    WinterConfig config = WinterConfig.load(List.of(), Map.of());

    for (Setting<?> setting : Settings.ALL) {
      assertThat(config.get(setting)).as(setting.env()).isNotNull();
    }
  }

  @Test
  void theEnvironmentOverridesTheDefault() {
    WinterConfig config = WinterConfig.load(List.of(), Map.of(
        "RECEPTOR_PORT", "7000",
        "WINTER_DATA_DIR", "/var/lib/winter",
        "WINTER_MAX_PIPELINE", " 16 "));

    assertThat(config.get(Settings.RECEPTOR_PORT)).isEqualTo(7000);
    assertThat(config.get(Settings.DATA_DIR)).isEqualTo("/var/lib/winter");
    assertThat(config.get(Settings.MAX_PIPELINE)).isEqualTo(16);
    assertThat(config.get(Settings.RAFT_PORT)).isEqualTo(6061);
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void aFlagWithASeparateValueOverridesTheEnvironment() {
    WinterConfig config = WinterConfig.load(List.of("--receptor-port", "7000"),
        Map.of("RECEPTOR_PORT", "8000"));

    assertThat(config.get(Settings.RECEPTOR_PORT)).isEqualTo(7000);
  }

  @Test
  void aFlagWithAnEqualsSignOverridesTheEnvironment() {
    WinterConfig config = WinterConfig.load(List.of("--receptor-port=7000"),
        Map.of("RECEPTOR_PORT", "8000"));

    assertThat(config.get(Settings.RECEPTOR_PORT)).isEqualTo(7000);
  }

  @Test
  void manyFlagsInBothFormsCombine() {
    WinterConfig config = WinterConfig.load(
        List.of("--data-dir=/tmp/w", "--raft-port", "7001", "--bind=0.0.0.0", "--node-id", "n1",
            "--java-opts=-Xmx1g -Dx=y"),
        Map.of("WINTER_DATA_DIR", "/elsewhere", "WINTER_MAX_TABLES", "5"));

    assertThat(config.get(Settings.DATA_DIR)).isEqualTo("/tmp/w");
    assertThat(config.get(Settings.RAFT_PORT)).isEqualTo(7001);
    assertThat(config.get(Settings.BIND)).isEqualTo("0.0.0.0");
    assertThat(config.get(Settings.NODE_ID)).isEqualTo("n1");
    assertThat(config.get(Settings.JAVA_OPTS)).isEqualTo("-Xmx1g -Dx=y");
    assertThat(config.get(Settings.MAX_TABLES)).isEqualTo(5);
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void theValueOfAFlagMayContainAnEqualsSign() {
    WinterConfig config = WinterConfig.load(List.of("--java-opts=-Da=b"), Map.of());

    assertThat(config.get(Settings.JAVA_OPTS)).isEqualTo("-Da=b");
  }

  @Test
  void theLastOfARepeatedFlagWins() {
    WinterConfig config = WinterConfig.load(
        List.of("--receptor-port", "7000", "--receptor-port=7001"), Map.of());

    assertThat(config.get(Settings.RECEPTOR_PORT)).isEqualTo(7001);
  }

  @Test
  void flagNamesAreDerivedMechanicallyFromEnvNames() {
    assertThat(Settings.DATA_DIR.flag()).isEqualTo("--data-dir");
    assertThat(Settings.RECEPTOR_PORT.flag()).isEqualTo("--receptor-port");
    assertThat(Settings.MAX_TABLE_NAME_BYTES.flag()).isEqualTo("--max-table-name-bytes");
    assertThat(Settings.REQUEST_TIMEOUT_MS.flag()).isEqualTo("--request-timeout-ms");
    for (Setting<?> setting : Settings.ALL) {
      String name = setting.env().replaceFirst("^WINTER_", "");
      assertThat(setting.flag()).isEqualTo("--" + name.toLowerCase().replace('_', '-'));
    }
  }

  @Test
  void everySettingHasADistinctEnvAndFlag() {
    assertThat(Settings.ALL.stream().map(Setting::env)).doesNotHaveDuplicates();
    assertThat(Settings.ALL.stream().map(Setting::flag)).doesNotHaveDuplicates();
  }

  @Test
  void everySettingIsSetByItsFlag() {
    for (Setting<?> setting : Settings.ALL) {
      if (setting == Settings.LOG_FORMAT || setting == Settings.CONFIG) {
        continue; // a format name and a file that must exist: see ConfigFileTest
      }
      String value = setting.defaultValue().matches("\\d+") ? "42"
          : setting.defaultValue().matches("true|false") ? "true"
          : setting.defaultValue().matches("\\d+[a-z]+") ? "7s" : "some-text";
      WinterConfig config = WinterConfig.load(List.of(setting.flag() + "=" + value), Map.of());
      String expected = value.equals("7s") ? "PT7S" : value;
      assertThat(config.get(setting).toString()).as(setting.flag()).isEqualTo(expected);
      assertThat(config.warnings()).as(setting.flag()).isEmpty();
    }
  }

  @Test
  void anUnknownWinterVariableIsAWarningNamingIt() {
    WinterConfig config = WinterConfig.load(List.of(), Map.of("WINTER_FOO", "1"));

    assertThat(config.warnings()).singleElement().asString().contains("WINTER_FOO");
  }

  @Test
  void anUnknownFlagIsAWarningNamingIt() {
    WinterConfig config = WinterConfig.load(List.of("--foo"), Map.of());

    assertThat(config.warnings()).singleElement().asString().contains("--foo");
  }

  @Test
  void anUnknownFlagWithAnEqualsValueIsOneWarningNamingTheFlag() {
    WinterConfig config = WinterConfig.load(List.of("--foo=bar", "--receptor-port=7000"),
        Map.of());

    assertThat(config.warnings()).singleElement().asString()
        .contains("--foo")
        .doesNotContain("bar");
    assertThat(config.get(Settings.RECEPTOR_PORT)).isEqualTo(7000);
  }

  @Test
  void unknownNamesAreAllReported() {
    WinterConfig config = WinterConfig.load(List.of("--foo", "--bar=1"),
        Map.of("WINTER_FOO", "1", "WINTER_RECEPTOR_PORT", "1"));

    assertThat(String.join("\n", config.warnings()))
        .contains("--foo", "--bar", "WINTER_FOO", "WINTER_RECEPTOR_PORT");
    assertThat(config.warnings()).hasSize(4);
  }

  @Test
  void variablesOutsideWinterAreNotWarnedAbout() {
    WinterConfig config = WinterConfig.load(List.of(), Map.of(
        "PATH", "/usr/bin",
        "IS_DISTRIBUTED", "true",
        "HOME", "/root",
        "WINTERFOO", "x",
        "RECEPTOR_PORT", "6060"));

    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void aPortOutOfRangeIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> WinterConfig.load(List.of(), Map.of("RECEPTOR_PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECEPTOR_PORT")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> WinterConfig.load(List.of("--raft-port=-1"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WINTER_RAFT_PORT")
        .hasMessageContaining("--raft-port");
  }

  @Test
  void portZeroAndTheHighestPortAreAccepted() {
    WinterConfig config = WinterConfig.load(List.of("--raft-port=0"),
        Map.of("RECEPTOR_PORT", "65535"));

    assertThat(config.get(Settings.RAFT_PORT)).isZero();
    assertThat(config.get(Settings.RECEPTOR_PORT)).isEqualTo(65535);
  }

  @Test
  void aNonNumberIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> WinterConfig.load(List.of(), Map.of("WINTER_MAX_TABLES", "abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WINTER_MAX_TABLES")
        .hasMessageContaining("abc");
    assertThatThrownBy(() -> WinterConfig.load(List.of("--max-key-bytes", "1.5"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WINTER_MAX_KEY_BYTES");
    assertThatThrownBy(() -> WinterConfig.load(List.of(), Map.of("RECEPTOR_PORT", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECEPTOR_PORT");
  }

  @Test
  void zeroForAPositiveSettingIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> WinterConfig.load(List.of(), Map.of("WINTER_MAX_PIPELINE", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WINTER_MAX_PIPELINE");
    assertThatThrownBy(
        () -> WinterConfig.load(List.of("--request-timeout-ms=-5"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WINTER_REQUEST_TIMEOUT_MS");
  }

  @Test
  void aBadEnvValueIsIgnoredWhenAFlagOverridesIt() {
    WinterConfig config = WinterConfig.load(List.of("--max-tables=10"),
        Map.of("WINTER_MAX_TABLES", "abc"));

    assertThat(config.get(Settings.MAX_TABLES)).isEqualTo(10);
  }

  @Test
  void aFlagWithoutItsValueIsRejectedNamingIt() {
    assertThatThrownBy(() -> WinterConfig.load(List.of("--data-dir"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--data-dir");
  }

  @Test
  void describeNamesEveryValueAndWhereItCameFrom() {
    WinterConfig config = WinterConfig.load(List.of("--receptor-port=7000"),
        Map.of("WINTER_DATA_DIR", "/d"));

    String described = config.describe();

    assertThat(described)
        .contains("RECEPTOR_PORT=7000 (--receptor-port)")
        .contains("WINTER_DATA_DIR=/d (WINTER_DATA_DIR)")
        .contains("WINTER_RAFT_PORT=6061")
        .doesNotContain("WINTER_RAFT_PORT=6061 (");
    for (Setting<?> setting : Settings.ALL) {
      assertThat(described).contains(setting.env() + "=");
    }
  }

  @Test
  void helpListsEverySettingsFlagEnvAndDefault() {
    String help = WinterConfig.help();

    for (Setting<?> setting : Settings.ALL) {
      String line = help.lines().filter(l -> l.trim().startsWith(setting.flag() + " "))
          .findFirst().orElseThrow(() -> new AssertionError("no line for " + setting.flag()));
      assertThat(line).as(setting.flag()).contains(setting.env());
      assertThat(line).as(setting.flag()).contains("default: "
          + (setting.defaultValue().isEmpty() ? "(none)" : setting.defaultValue()));
      assertThat(help).contains(setting.description());
    }
    assertThat(help).contains("--help");
  }

  @Test
  void everySettingHasADescription() {
    for (Setting<?> setting : Settings.ALL) {
      assertThat(setting.description()).as(setting.env()).isNotBlank();
    }
  }
}
