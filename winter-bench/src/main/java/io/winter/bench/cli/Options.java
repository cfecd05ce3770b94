package io.winter.bench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed command-line flags: {@code --name value}, {@code --name=value} or a bare {@code --flag}. */
public final class Options {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> used = new HashSet<>();
  private final List<String> positional = new ArrayList<>();

  private Options() {}

  /** Parses {@code args}; {@code booleans} are the flags that take no value. */
  public static Options parse(List<String> args, Set<String> booleans) {
    Options o = new Options();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        o.positional.add(a);
        continue;
      }
      String name = a.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        o.values.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (booleans.contains(name)) {
        o.values.put(name, "true");
      } else if (i + 1 < args.size()) {
        o.values.put(name, args.get(++i));
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    return o;
  }

  public String get(String name, String fallback) {
    used.add(name);
    return values.getOrDefault(name, fallback);
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(get(name, "false"));
  }

  public int integer(String name, int fallback) {
    return Integer.parseInt(get(name, Integer.toString(fallback)));
  }

  public Duration duration(String name, Duration fallback) {
    String v = get(name, null);
    return v == null ? fallback : parseDuration(v);
  }

  public List<String> positional() {
    return positional;
  }

  /** Fails on flags no command read, so a typo never silently runs the defaults. */
  public void rejectUnknown() {
    for (String k : values.keySet()) {
      if (!used.contains(k)) {
        throw new IllegalArgumentException("unknown flag --" + k + " (see --help)");
      }
    }
  }

  /** {@code 500ms}, {@code 5s}, {@code 2m}, or a plain number of seconds. */
  static Duration parseDuration(String v) {
    String s = v.trim();
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    if (s.endsWith("s")) {
      return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
    }
    if (s.endsWith("m")) {
      return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
    }
    return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
  }
}
