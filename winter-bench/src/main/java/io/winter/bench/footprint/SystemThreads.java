package io.winter.bench.footprint;

import java.io.IOException;
import io.winter.bench.server.ProcStats;
import java.nio.file.Path;

/** Threads on the whole machine against the kernel's limit. */
final class SystemThreads {

  private SystemThreads() {}

  /** Threads (scheduling entities) on the machine: the part after '/' of /proc/loadavg's 4th field. */
  static long total() {
    try {
      String f = ProcStats.read(Path.of("/proc/loadavg")).trim().split("\\s+")[3];
      return Long.parseLong(f.substring(f.indexOf('/') + 1));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The lower of kernel.pid_max and kernel.threads-max. */
  static long limit() {
    return Math.min(read("/proc/sys/kernel/pid_max"), read("/proc/sys/kernel/threads-max"));
  }

  private static long read(String file) {
    try {
      return Long.parseLong(ProcStats.read(Path.of(file)).trim());
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }
}
