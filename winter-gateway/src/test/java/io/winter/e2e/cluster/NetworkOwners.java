package io.winter.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Which process owns each test network's name prefix, as one marker file per prefix holding the
 * owner's pid. A run killed with SIGKILL (or a machine that stops mid-run) cannot run its
 * teardown, and its bridge and namespaces outlive it in the kernel, where every later run on the
 * host meets them; the next run removes those whose owner is gone.
 */
final class NetworkOwners {

  private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "winter-netns");

  private NetworkOwners() {}

  /** Records this process as the owner of {@code prefix}. */
  static void claim(String prefix) {
    try {
      Files.createDirectories(DIR);
      Files.writeString(DIR.resolve(prefix), Long.toString(ProcessHandle.current().pid()),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      // a missing marker only means a SIGKILLed run's leftovers are not swept later
      System.out.println("NetNamespaces: cannot record the owner of " + prefix + ": " + e);
    }
  }

  /** Forgets the owner of {@code prefix}, once its network is gone. */
  static void release(String prefix) {
    try {
      Files.deleteIfExists(DIR.resolve(prefix));
    } catch (IOException ignored) {
      // the next sweep finds the owner dead and removes the marker
    }
  }

  /** Calls {@code teardown} for each prefix whose owner is no longer running, then forgets it. */
  static void sweepDead(Consumer<String> teardown) {
    if (!Files.isDirectory(DIR)) {
      return;
    }
    List<Path> markers;
    try (Stream<Path> s = Files.list(DIR)) {
      markers = s.toList();
    } catch (IOException e) {
      return;
    }
    for (Path marker : markers) {
      if (!ownerAlive(marker)) {
        String prefix = marker.getFileName().toString();
        System.out.println("NetNamespaces: removing " + prefix + ", left by a run that is gone");
        teardown.accept(prefix);
        release(prefix);
      }
    }
  }

  private static boolean ownerAlive(Path marker) {
    try {
      long pid = Long.parseLong(Files.readString(marker, StandardCharsets.UTF_8).strip());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }
}
