package io.winter.config;

/** Generates docs/configuration.md from the declared settings, so the doc cannot drift. */
final class ConfigDoc {
  private ConfigDoc() {}

  static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration\n\n");
    out.append("<!-- Generated from io.winter.config.Settings: do not edit by hand. Regenerate with\n");
    out.append("     ./mvnw -B -q install -DskipTests -DskipITs && ./mvnw -B -q -pl winter-gateway test"
        + " -Dtest=ConfigurationDocTest -Dwinter.writeDocs=true -->\n\n");
    out.append("Every setting of a Winter node is an environment variable and a flag; `bin/winter "
        + "--help` prints\nthe same list. Each setting takes the first value found in:\n\n");
    out.append("1. its flag, e.g. `--data-dir /var/lib/winter` or `--data-dir=/var/lib/winter`;\n");
    out.append("2. its environment variable, e.g. `WINTER_DATA_DIR=/var/lib/winter`;\n");
    out.append("3. the settings file named by `--config` (or `WINTER_CONFIG`);\n");
    out.append("4. its default.\n\n");
    out.append("The effective settings, and where each came from, are logged in one line at "
        + "start-up (`settings: ...`).\nAn unknown `WINTER_*` variable, flag or file key is "
        + "reported as a warning; a bad value stops\nthe node with a message naming the "
        + "setting.\n\n");
    out.append("## Settings file\n\n");
    out.append("```\n# winter.conf: one KEY = value per line, keys are the variable names\n");
    out.append("RECEPTOR_PORT = 6060\nWINTER_DATA_DIR = /var/lib/winter\n"
        + "WINTER_LOG_FORMAT = json\n```\n\n");
    out.append("Start with `bin/winter --config winter.conf`. Blank lines and lines starting with "
        + "`#` are ignored;\na value may be wrapped in double quotes. `WINTER_JAVA_OPTS` is read "
        + "by `bin/winter` before the JVM\nstarts, so it has effect only as a variable.\n\n");
    out.append("## Settings\n\n");
    out.append("| variable | flag | default | meaning |\n");
    out.append("|---|---|---|---|\n");
    for (Setting<?> s : Settings.ALL) {
      out.append("| `").append(s.env()).append("` | `").append(s.flag()).append("` | ")
          .append(s.defaultValue().isEmpty() ? "" : "`" + s.defaultValue() + "`")
          .append(" | ").append(s.description().replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }
}
