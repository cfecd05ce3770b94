package io.winter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.winter.config.WinterConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WinterMainLogLevelsTest {
  private final Logger winter = (Logger) LoggerFactory.getLogger("io.winter");
  private final Logger ratis = (Logger) LoggerFactory.getLogger("org.apache.ratis.server");
  private final Level winterBefore = winter.getLevel();
  private final Level ratisBefore = ratis.getLevel();

  @AfterEach
  void restore() {
    winter.setLevel(winterBefore);
    ratis.setLevel(ratisBefore);
  }

  @Test
  void eachLevelSettingReachesItsLoggers() {
    WinterMain.applyLogLevels(WinterConfig.load(List.of(),
        Map.of("WINTER_LOG_LEVEL", "DEBUG", "WINTER_RATIS_LOG_LEVEL", "INFO")));

    assertThat(winter.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(ratis.getLevel()).isEqualTo(Level.INFO);
    assertThat(((Logger) LoggerFactory.getLogger(
        "org.apache.ratis.server.impl.FollowerState")).getEffectiveLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void byDefaultRatisLogsWarningsOnly() {
    WinterMain.applyLogLevels(WinterConfig.load(List.of(), Map.of()));

    assertThat(winter.getLevel()).isEqualTo(Level.INFO);
    assertThat(ratis.getLevel()).isEqualTo(Level.WARN);
  }
}
