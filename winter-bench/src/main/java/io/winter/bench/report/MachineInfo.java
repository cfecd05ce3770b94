package io.winter.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the machine and the software under test are, read from /proc and the binaries. */
public final class MachineInfo {

  private MachineInfo() {}

  /** Ordered facts: CPU, cores, memory, kernel, Java, etcd and Redis versions. */
  public static Map<String, String> collect() {
    Map<String, String> m = new LinkedHashMap<>();
    List<String> cpu = lines("/proc/cpuinfo");
    m.put("cpu", cpu.stream().filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown"));
    m.put("cores", Long.toString(cpu.stream().filter(l -> l.startsWith("processor")).count()));
    m.put("memory", lines("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown"));
    m.put("kernel", String.join(" ", lines("/proc/sys/kernel/osrelease")).trim());
    m.put("java", firstLine(List.of("java", "-version")));
    m.put("etcd", firstLine(List.of("etcd", "--version")));
    m.put("redis", firstLine(List.of("redis-server", "--version")));
    return m;
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The first line a command prints (stdout or stderr), or "not installed". */
  static String firstLine(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("").trim();
    } catch (IOException e) {
      return "not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
