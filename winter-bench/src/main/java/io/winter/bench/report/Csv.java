package io.winter.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal CSV: a header line, then rows of fields that never hold a comma, quote or newline. */
public final class Csv {

  private Csv() {}

  /** Appends {@code row} to {@code file}, writing {@code header} first when the file is new. */
  public static void append(Path file, List<String> header, List<String> row) throws IOException {
    if (row.size() != header.size()) {
      throw new IllegalArgumentException("row has " + row.size() + " fields, header " + header.size());
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringBuilder sb = new StringBuilder();
    if (!Files.exists(file) || Files.size(file) == 0) {
      sb.append(String.join(",", header)).append('\n');
    }
    sb.append(String.join(",", row.stream().map(Csv::clean).toList())).append('\n');
    Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The rows of {@code file} as maps from column name to field; empty if there is no file. */
  public static List<Map<String, String>> read(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return rows;
    }
    String[] header = lines.get(0).split(",", -1);
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], i < f.length ? f[i] : "");
      }
      rows.add(row);
    }
    return rows;
  }

  static String clean(String field) {
    return field == null ? "" : field.replaceAll("[,\"\\r\\n]+", " ").trim();
  }
}
