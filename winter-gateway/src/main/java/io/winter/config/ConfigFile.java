package io.winter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a settings file: {@code KEY = value} lines whose keys are the settings' environment
 * variable names; blank lines and lines starting with {@code #} are ignored.
 */
final class ConfigFile {
  private ConfigFile() {}

  /** The file's values by variable name; unknown keys become warnings, malformed lines errors. */
  static Map<String, String> read(Path path, List<String> warnings) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read settings file " + path + ": " + e, e);
    }
    return parse(path.toString(), lines, warnings);
  }

  static Map<String, String> parse(String name, List<String> lines, List<String> warnings) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(name + " line " + (i + 1)
            + ": expected KEY = value, got '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = unquote(line.substring(eq + 1).strip());
      if (key.equals(Settings.CONFIG.env())) {
        warnings.add(name + " line " + (i + 1) + ": " + key + " cannot be set in a settings file");
      } else if (Settings.ALL.stream().noneMatch(s -> s.env().equals(key))) {
        warnings.add(name + " line " + (i + 1) + ": unknown setting " + key + " is ignored");
      } else {
        values.put(key, value);
      }
    }
    return values;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
