package io.winter.e2e;

import static io.winter.e2e.E2e.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node doing ordinary work logs no warning: operators alert on WARN and ERROR lines, so a
 * CREATE, a write or a DROP that logs one (with a stack trace) looks like a fault when it is not.
 */
@ExtendWith(WinterLogsOnFailure.class)
class QuietLogIT {

  @TempDir Path tmp;

  @Test
  void ordinaryWorkLogsNoWarningOrError() {
    try (WinterProcess node = WinterProcess.start(tmp.resolve("quiet"));
         TextClient c = node.client()) {
      for (int i = 0; i < 5; i++) {
        transcript(c, false, """
            > CREATE quiet%1$d
            created
            > CREATE quiet%1$d
            already created
            > PUTNEW quiet%1$d key data
            ok
            > PUTNEW quiet%1$d key other
            ok
            > GET quiet%1$d key
            data
            > DELETE quiet%1$d key
            ok
            > GET nosuchtable key
            missing table
            > DROP quiet%1$d
            dropped
            """.formatted(i));
      }
      transcript(c, false, """
          > CREATE quiet0
          created
          > GET quiet0 key
          nil
          """);
      // Ratis' pause monitor warns when the JVM stalled over 300 ms: a loaded machine, not the work
      List<String> warnings = node.logLines().stream()
          .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
          .filter(line -> !line.contains("JvmPauseMonitor"))
          .toList();
      assertThat(warnings).as("WARN and ERROR lines of the node's log").isEmpty();
    }
  }
}
