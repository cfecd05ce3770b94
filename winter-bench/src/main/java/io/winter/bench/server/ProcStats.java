package io.winter.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** CPU time, memory and threads of processes, read from Linux's /proc. */
public final class ProcStats {

  /** Clock ticks per second of /proc/[pid]/stat's times (USER_HZ, 100 on every Linux we run on). */
  private static final double TICKS_PER_SECOND = Double.parseDouble(
      System.getProperty("winter.bench.clkTck", "100"));

  private ProcStats() {}

  /** User plus system CPU seconds used so far by {@code pid} (0 if it is gone). */
  public static double cpuSeconds(long pid) {
    try {
      String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name in parentheses may hold spaces: count fields after its closing ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 (utime) and 15 (stime) of stat are the 12th and 13th after the name
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * The whole content of a /proc file. Files.readString trusts the size the file reports, which
   * for some /proc files is wrong (kernel/pid_max reads as its first byte), so read to the end.
   */
  public static String read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** Sum of {@link #cpuSeconds} over {@code pids}. */
  public static double cpuSeconds(Collection<Long> pids) {
    return pids.stream().mapToDouble(ProcStats::cpuSeconds).sum();
  }

  /** A field of /proc/[pid]/status in bytes (kB fields) or as a count; -1 if unreadable. */
  public static long status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          String[] p = line.substring(field.length() + 1).trim().split("\\s+");
          long n = Long.parseLong(p[0]);
          return p.length > 1 && p[1].equalsIgnoreCase("kB") ? n * 1024 : n;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone
    }
    return -1;
  }

  /** Peak resident set size (VmHWM) in bytes. */
  public static long peakRss(long pid) {
    return status(pid, "VmHWM");
  }

  public static long rss(long pid) {
    return status(pid, "VmRSS");
  }

  public static long threads(long pid) {
    return status(pid, "Threads");
  }

  /** Sum of the peak RSS of {@code pids}, each since its last {@link #resetPeak}. */
  public static long peakRss(Collection<Long> pids) {
    return pids.stream().mapToLong(ProcStats::peakRss).filter(v -> v > 0).sum();
  }

  /**
   * Resets the peak RSS of {@code pid} to its current RSS (writing 5 to clear_refs, Linux 4.0+,
   * needs the same user or root), so a run's peak is its own; returns whether it worked.
   */
  public static boolean resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
