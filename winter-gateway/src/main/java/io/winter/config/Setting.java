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
