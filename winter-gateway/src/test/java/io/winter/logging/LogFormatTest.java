package io.winter.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LogFormatTest {

  @Test
  void jsonLinesParseAndCarryTheMessageAndTheFailure() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonEncoder encoder = LogFormat.jsonEncoder(context);
    LoggingEvent event = new LoggingEvent("test", context.getLogger("io.winter.Test"), Level.WARN,
        "table {} said \"{}\"\nand more", new IllegalStateException("boom"),
        new Object[] {"users", "hi"});

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = JsonMapper.builder().build().readTree(line);
    assertThat(json.get("level").asString()).isEqualTo("WARN");
    assertThat(json.get("loggerName").asString()).isEqualTo("io.winter.Test");
    assertThat(json.get("formattedMessage").asString())
        .isEqualTo("table users said \"hi\"\nand more");
    assertThat(json.get("throwable").toString()).contains("boom");
  }
}
