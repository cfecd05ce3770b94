package io.winter.command;

/** Told about every reply the executor produced, with how long the command took. */
@FunctionalInterface
public interface CommandListener {
  /** A listener that ignores everything. */
  CommandListener NONE = (kind, reply, durationNanos) -> { };

  /** Called once per command, on whichever thread completed it; must be quick and not throw. */
  void answered(Command.Kind kind, Reply reply, long durationNanos);
}
