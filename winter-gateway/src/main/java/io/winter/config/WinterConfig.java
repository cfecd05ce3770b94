package io.winter.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective settings of a node: each from its flag, else its environment variable, else
 * the settings file named by {@code --config}, else its default. Unknown {@code WINTER_*}
 * variables, unknown flags and unknown file keys become warnings.
 */
public final class WinterConfig {
  private final Map<Setting<?>, Object> values;
  private final Map<Setting<?>, String> sources;
  private final List<String> warnings;

  private WinterConfig(Map<Setting<?>, Object> values, Map<Setting<?>, String> sources,
                       List<String> warnings) {
    this.values = values;
    this.sources = sources;
    this.warnings = warnings;
  }

  /** Resolves every setting; throws IllegalArgumentException naming a bad value. */
  public static WinterConfig load(List<String> args, Map<String, String> env) {
    List<String> warnings = new ArrayList<>();
    Map<String, String> flags = parseFlags(args, warnings);
    String configPath = flags.getOrDefault(Settings.CONFIG.flag(),
        env.getOrDefault(Settings.CONFIG.env(), "")).trim();
    Map<String, String> file = configPath.isEmpty() ? Map.of()
        : ConfigFile.read(java.nio.file.Path.of(configPath), warnings);
    Map<Setting<?>, Object> values = new HashMap<>();
    Map<Setting<?>, String> sources = new HashMap<>();
    for (Setting<?> s : Settings.ALL) {
      String text = s.defaultValue();
      String source = "default";
      if (flags.containsKey(s.flag())) {
        text = flags.get(s.flag());
        source = s.flag();
      } else if (env.containsKey(s.env())) {
        text = env.get(s.env());
        source = s.env();
      } else if (file.containsKey(s.env())) {
        text = file.get(s.env());
        source = configPath;
      }
      try {
        values.put(s, s.parse(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid value '" + text + "' for " + s.env()
            + " (" + s.flag() + "): " + e.getMessage(), e);
      }
      sources.put(s, source);
    }
    for (String name : env.keySet()) {
      if (name.startsWith("WINTER_") && Settings.ALL.stream().noneMatch(s -> s.env().equals(name))) {
        warnings.add("unknown environment variable " + name + " is ignored");
      }
    }
    return new WinterConfig(values, sources, warnings);
  }

  private static Map<String, String> parseFlags(List<String> args, List<String> warnings) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      String flagName = name;
      if (Settings.ALL.stream().noneMatch(s -> s.flag().equals(flagName))) {
        warnings.add("unknown flag " + name + " is ignored");
        if (value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          i++; // its value
        }
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("flag " + name + " needs a value");
        }
        value = args.get(++i);
      }
      flags.put(name, value);
    }
    return flags;
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  /** Whether the setting was given by a flag or variable rather than left at its default. */
  public boolean isSet(Setting<?> setting) {
    return !"default".equals(sources.get(setting));
  }

  public List<String> warnings() {
    return warnings;
  }

  /** One line listing every effective setting and where it came from, for the start-up log. */
  public String describe() {
    StringBuilder line = new StringBuilder();
    for (Setting<?> s : Settings.ALL) {
      if (line.length() > 0) {
        line.append(", ");
      }
      line.append(s.env()).append('=').append(values.get(s));
      if (!"default".equals(sources.get(s))) {
        line.append(" (").append(sources.get(s)).append(')');
      }
    }
    return line.toString();
  }

  /** The text of docs/configuration.md, generated from {@link Settings#ALL}. */
  public static String markdown() {
    return ConfigDoc.markdown();
  }

  /** The text of {@code --help}. */
  public static String help() {
    StringBuilder out = new StringBuilder();
    out.append("Usage: bin/winter [--flag value ...]\n\n");
    out.append("Starts one Winter node in the foreground. Every setting is a flag or an\n");
    out.append("environment variable; a flag wins over its variable, which wins over the\n");
    out.append("settings file (--config), which wins over the default.\n\n");
    for (Setting<?> s : Settings.ALL) {
      out.append(String.format("  %-30s %-28s default: %s%n", s.flag(), s.env(),
          s.defaultValue().isEmpty() ? "(none)" : s.defaultValue()));
      out.append("      ").append(s.description()).append('\n');
    }
    out.append("  --help                         print this text and exit\n");
    return out.toString();
  }
}
