package io.winter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.winter.command.Command;
import io.winter.command.ErrorReplies;
import io.winter.command.Reply;
import io.winter.metrics.GatewayMetrics.Outcome;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry);

  @Test
  void everyReplyHasAnOutcome() {
    assertThat(GatewayMetrics.outcome(Reply.OK)).isEqualTo(Outcome.OK);
    assertThat(GatewayMetrics.outcome(Reply.value("x".getBytes()))).isEqualTo(Outcome.OK);
    assertThat(GatewayMetrics.outcome(Reply.NIL)).isEqualTo(Outcome.NIL);
    assertThat(GatewayMetrics.outcome(Reply.MISSING_TABLE)).isEqualTo(Outcome.MISSING_TABLE);
    assertThat(GatewayMetrics.outcome(Reply.ALREADY_CREATED))
        .isEqualTo(Outcome.ALREADY_CREATED);
    assertThat(GatewayMetrics.outcome(new ErrorReplies(100).timedOut()))
        .isEqualTo(Outcome.TIMEOUT);
    assertThat(GatewayMetrics.outcome(ErrorReplies.tableLimit(3)))
        .isEqualTo(Outcome.TABLE_LIMIT);
    assertThat(GatewayMetrics.outcome(Reply.error("unavailable: table t has no leader")))
        .isEqualTo(Outcome.UNAVAILABLE);
    assertThat(GatewayMetrics.outcome(Reply.error("internal: X"))).isEqualTo(Outcome.ERROR);
  }

  @Test
  void countsCommandsByCommandAndOutcomeAndTimesThem() {
    metrics.answered(Command.Kind.GET, Reply.NIL, TimeUnit.MILLISECONDS.toNanos(2));
    metrics.answered(Command.Kind.GET, Reply.NIL, TimeUnit.MILLISECONDS.toNanos(4));
    metrics.answered(Command.Kind.PUTNEW, Reply.OK, 1000);
    metrics.answered(Command.Kind.BLANK, Reply.BLANK, 1000);

    assertThat(registry.get("winter.gateway.commands").tags("command", "get", "outcome", "nil")
        .counter().count()).isEqualTo(2);
    assertThat(registry.get("winter.gateway.commands").tags("command", "putnew")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("winter.gateway.command.duration").tags("command", "get").timer()
        .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6);
    assertThat(registry.find("winter.gateway.commands").tags("command", "blank").counter())
        .isNull();
  }

  @Test
  void countsRejectedLinesByReason() {
    metrics.answered(Command.Kind.INVALID, Reply.lineTooLong(10), 0);
    metrics.answered(Command.Kind.INVALID, Reply.wrongArguments(Command.Kind.GET), 0);
    metrics.rejected(GatewayMetrics.Rejection.TOO_MANY_CONNECTIONS);

    assertThat(rejected("too_long")).isEqualTo(1);
    assertThat(rejected("invalid")).isEqualTo(1);
    assertThat(rejected("too_many_connections")).isEqualTo(1);
    assertThat(registry.find("winter.gateway.commands").counters()).isEmpty();
  }

  private double rejected(String reason) {
    return registry.get("winter.gateway.rejected").tags("reason", reason).counter().count();
  }
}
