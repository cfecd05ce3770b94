package io.winter.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Memory one system needs per key: what it reports in use after writing {@code keys} keys, less
 * what it reported before, divided by {@code keys}.
 *
 * @param system system id
 * @param keys keys written
 * @param valueBytes size of each value (keys are 16 bytes)
 * @param beforeBytes memory in use before the writes
 * @param afterBytes memory in use after the writes
 * @param method how the memory was read (e.g. heap after a full GC, Redis' used_memory)
 */
public record MemoryRow(String system, long keys, int valueBytes, long beforeBytes, long afterBytes,
                        String method) {

  static final List<String> HEADER = List.of("system", "keys", "value_bytes", "before_bytes",
      "after_bytes", "bytes_per_key", "method");

  public double bytesPerKey() {
    return keys > 0 ? (afterBytes - beforeBytes) / (double) keys : Double.NaN;
  }

  public static void append(Path file, MemoryRow r) throws IOException {
    Csv.append(file, HEADER, List.of(r.system, Long.toString(r.keys), Integer.toString(r.valueBytes),
        Long.toString(r.beforeBytes), Long.toString(r.afterBytes), ResultsCsv.fmt(r.bytesPerKey()), r.method));
  }

  public static List<MemoryRow> read(Path file) throws IOException {
    return Csv.read(file).stream().map(MemoryRow::of).toList();
  }

  private static MemoryRow of(Map<String, String> m) {
    return new MemoryRow(m.get("system"), Long.parseLong(m.get("keys")), Integer.parseInt(m.get("value_bytes")),
        Long.parseLong(m.get("before_bytes")), Long.parseLong(m.get("after_bytes")), m.get("method"));
  }
}
