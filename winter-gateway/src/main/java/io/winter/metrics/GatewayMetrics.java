package io.winter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.winter.command.Command;
import io.winter.command.CommandListener;
import io.winter.command.Reply;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;

/** The gateway's meters: commands by outcome, their latency, connections, traffic, rejections. */
public final class GatewayMetrics implements CommandListener {

  /** How a command ended, as the {@code outcome} label. */
  public enum Outcome { OK, NIL, MISSING_TABLE, ALREADY_CREATED, TIMEOUT, UNAVAILABLE,
    TABLE_LIMIT, ERROR }

  /** Why a line or connection was refused, as the {@code reason} label. */
  public enum Rejection { TOO_LONG, INVALID, TOO_MANY_CONNECTIONS }

  /** Latency buckets from 100 µs to 10 s: a local read to a command waiting out an election. */
  static final Duration[] BUCKETS = {
      Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  private static final Command.Kind[] KINDS = Command.Kind.values();
  private static final Outcome[] OUTCOMES = Outcome.values();

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Counter> commands =
      new AtomicReferenceArray<>(KINDS.length * OUTCOMES.length);
  private final AtomicReferenceArray<Timer> latency = new AtomicReferenceArray<>(KINDS.length);
  private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
  private final Counter received;
  private final Counter sent;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Rejection r : Rejection.values()) {
      rejected.put(r, Counter.builder("winter.gateway.rejected")
          .description("Request lines and connections refused, by reason")
          .tag("reason", label(r))
          .register(registry));
    }
    this.received = Counter.builder("winter.gateway.received").baseUnit("bytes")
        .description("Bytes received from clients").register(registry);
    this.sent = Counter.builder("winter.gateway.sent").baseUnit("bytes")
        .description("Bytes sent to clients").register(registry);
  }

  /** Meters that go nowhere, for a gateway started without metrics. */
  public static GatewayMetrics disabled() {
    return new GatewayMetrics(new CompositeMeterRegistry());
  }

  /** Reports the number of open client connections. */
  public void watchConnections(IntSupplier open) {
    Gauge.builder("winter.gateway.connections", open::getAsInt)
        .description("Open client connections").register(registry);
  }

  public void received(int bytes) {
    received.increment(bytes);
  }

  public void sent(int bytes) {
    sent.increment(bytes);
  }

  public void rejected(Rejection reason) {
    rejected.get(reason).increment();
  }

  @Override
  public void answered(Command.Kind kind, Reply reply, long durationNanos) {
    if (kind == Command.Kind.BLANK) {
      return;
    }
    if (kind == Command.Kind.INVALID) {
      boolean tooLong = reply.isError() && reply.toString().startsWith("error line too long");
      rejected(tooLong ? Rejection.TOO_LONG : Rejection.INVALID);
      return;
    }
    commandCounter(kind, outcome(reply)).increment();
    timer(kind).record(durationNanos, TimeUnit.NANOSECONDS);
  }

  /** The outcome label of a reply. */
  static Outcome outcome(Reply reply) {
    if (reply.equals(Reply.NIL)) {
      return Outcome.NIL;
    }
    if (reply.equals(Reply.MISSING_TABLE)) {
      return Outcome.MISSING_TABLE;
    }
    if (reply.equals(Reply.ALREADY_CREATED)) {
      return Outcome.ALREADY_CREATED;
    }
    if (!reply.isError()) {
      return Outcome.OK;
    }
    String text = reply.toString();
    if (text.startsWith("error timed out")) {
      return Outcome.TIMEOUT;
    }
    if (text.startsWith("error unavailable")) {
      return Outcome.UNAVAILABLE;
    }
    if (text.startsWith("error table limit")) {
      return Outcome.TABLE_LIMIT;
    }
    return Outcome.ERROR;
  }

  private Counter commandCounter(Command.Kind kind, Outcome outcome) {
    int i = kind.ordinal() * OUTCOMES.length + outcome.ordinal();
    Counter c = commands.get(i);
    if (c == null) {
      c = Counter.builder("winter.gateway.commands")
          .description("Commands answered, by command and outcome")
          .tag("command", label(kind)).tag("outcome", label(outcome))
          .register(registry);
      commands.set(i, c);
    }
    return c;
  }

  private Timer timer(Command.Kind kind) {
    Timer t = latency.get(kind.ordinal());
    if (t == null) {
      t = Timer.builder("winter.gateway.command.duration")
          .description("Time from starting a command to its reply, by command")
          .tag("command", label(kind))
          .serviceLevelObjectives(BUCKETS)
          .register(registry);
      latency.set(kind.ordinal(), t);
    }
    return t;
  }

  static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
