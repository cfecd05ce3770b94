package io.winter.e2e;

import static io.winter.e2e.E2e.expect;
import static io.winter.e2e.E2e.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** DROP removes a table and all its data; CREATE of the same name gives a new, empty table. */
@ExtendWith(WinterLogsOnFailure.class)
class DropIT {

  @TempDir static Path tmp;
  static WinterProcess node;

  @BeforeAll
  static void startNode() {
    node = WinterProcess.start(tmp.resolve("drop"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  static List<String> tables(TextClient c) {
    String reply = c.send("TABLES");
    return reply.isEmpty() ? List.of() : List.of(reply.split(" "));
  }

  @Test
  void dropThenRecreateGivesAnEmptyTable() {
    try (TextClient c = node.client()) {
      transcript(c, false, """
          > CREATE dropme
          created
          > CREATE keepme
          created
          > PUTNEW dropme key data
          ok
          > PUTNEW dropme other more data
          ok
          > PUTNEW keepme key kept
          ok
          > DROP dropme
          dropped
          > GET dropme key
          missing table
          > PUTNEW dropme key new
          missing table
          > DELETE dropme key
          missing table
          > DROP dropme
          missing table
          """);
      assertThat(tables(c)).contains("keepme").doesNotContain("dropme");
      transcript(c, false, """
          > CREATE dropme
          created
          > GET dropme key
          nil
          > GET dropme other
          nil
          > PUTNEW dropme key new
          ok
          > GET dropme key
          new
          > GET keepme key
          kept
          """);
      assertThat(tables(c)).contains("keepme", "dropme");
    }
    // seen the same way from another connection
    try (TextClient c = node.client()) {
      expect(c, "GET dropme key", "new");
      expect(c, "GET dropme other", "nil");
    }
  }

  @Test
  void droppedTableIsGoneForOtherConnectionsToo() {
    try (TextClient a = node.client(); TextClient b = node.client()) {
      expect(a, "CREATE shared_drop", "created");
      expect(b, "PUTNEW shared_drop k v", "ok");
      expect(a, "DROP shared_drop", "dropped");
      expect(b, "GET shared_drop k", "missing table");
      expect(b, "DROP shared_drop", "missing table");
      assertThat(tables(b)).doesNotContain("shared_drop");
    }
  }

  @Test
  void repeatedDropAndCreateCycles() {
    try (TextClient c = node.client()) {
      for (int i = 0; i < 3; i++) {
        expect(c, "CREATE cycle", "created");
        expect(c, "GET cycle k", "nil");
        expect(c, "PUTNEW cycle k round" + i, "ok");
        expect(c, "GET cycle k", "round" + i);
        expect(c, "DROP cycle", "dropped");
        expect(c, "GET cycle k", "missing table");
      }
      assertThat(tables(c)).doesNotContain("cycle");
    }
  }

  @Test
  void droppingManyTablesLeavesTheRest() {
    try (TextClient c = node.client()) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        names.add("many_" + i);
        expect(c, "CREATE many_" + i, "created");
        expect(c, "PUTNEW many_" + i + " k v" + i, "ok");
      }
      for (int i = 0; i < 10; i += 2) {
        expect(c, "DROP many_" + i, "dropped");
      }
      List<String> listed = tables(c);
      for (int i = 0; i < 10; i++) {
        if (i % 2 == 0) {
          assertThat(listed).doesNotContain(names.get(i));
          expect(c, "GET many_" + i + " k", "missing table");
        } else {
          assertThat(listed).contains(names.get(i));
          expect(c, "GET many_" + i + " k", "v" + i);
        }
      }
    }
  }
}
