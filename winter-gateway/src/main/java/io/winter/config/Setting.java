package io.winter.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One setting, declared once: its environment variable, the flag derived from it, its default
 * and what it means. {@code --help} and the start-up log are generated from these declarations.
 *
 * @param env the environment variable, e.g. {@code WINTER_DATA_DIR}
 * @param defaultValue the default as text ("" when there is none)
 * @param description one line for {@code --help} and the docs
 * @param parser turns the text into the setting's value, throwing IllegalArgumentException
 */
public record Setting<T>(String env, String defaultValue, String description,
                         Function<String, T> parser) {

  /** The flag for an env var: WINTER_ dropped, lower case, dashes: WINTER_DATA_DIR → --data-dir. */
  public String flag() {
    String name = env.startsWith("WINTER_") ? env.substring("WINTER_".length()) : env;
    return "--" + name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public T parse(String text) {
    return parser.apply(text.trim());
  }

  static Setting<Integer> port(String env, int defaultValue, String description) {
    return new Setting<>(env, Integer.toString(defaultValue), description,
        text -> checkRange(env, Integer.parseInt(text), 0, 65535));
  }

  static Setting<Integer> positive(String env, int defaultValue, String description) {
    return new Setting<>(env, Integer.toString(defaultValue), description,
        text -> checkRange(env, Integer.parseInt(text), 1, Integer.MAX_VALUE));
  }

  /** A count from 0 to max, where 0 asks for an automatic choice. */
  static Setting<Integer> countOrAuto(String env, int max, String description) {
    return new Setting<>(env, "0", description,
        text -> checkRange(env, Integer.parseInt(text), 0, max));
  }

  static Setting<Boolean> flag(String env, boolean defaultValue, String description) {
    return new Setting<>(env, Boolean.toString(defaultValue), description, text -> {
      if (text.equalsIgnoreCase("true") || text.equals("1") || text.equalsIgnoreCase("yes")) {
        return true;
      }
      if (text.equalsIgnoreCase("false") || text.equals("0") || text.equalsIgnoreCase("no")
          || text.isEmpty()) {
        return false;
      }
      throw new IllegalArgumentException("expected true or false");
    });
  }

  /** A duration such as 500ms, 10s, 5m or 1h; a bare number is milliseconds. */
  static Setting<java.time.Duration> duration(String env, String defaultValue,
                                              String description) {
    return new Setting<>(env, defaultValue, description, Setting::parseDuration);
  }

  static java.time.Duration parseDuration(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a duration like 500ms, 10s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> java.time.Duration.ofSeconds(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      case "h" -> java.time.Duration.ofHours(n);
      default -> java.time.Duration.ofMillis(n);
    };
  }

  static Setting<String> text(String env, String defaultValue, String description) {
    return new Setting<>(env, defaultValue, description, Function.identity());
  }

  private static int checkRange(String env, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(env + " must be between " + min + " and " + max);
    }
    return value;
  }
}
