package io.winter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  /** A view the test changes step by step. */
  static final class FakeView implements Readiness.View {
    Readiness.Group catalog;
    List<Readiness.Group> tables = new ArrayList<>();

    @Override
    public Readiness.Group catalog() {
      return catalog;
    }

    @Override
    public List<Readiness.Group> tables() {
      return tables;
    }
  }

  private final FakeView view = new FakeView();
  private final Readiness readiness = new Readiness(view);

  @Test
  void notReadyBeforeTheCatalogHasALeaderAndReadyAfter() {
    assertThat(readiness.check().ready()).isFalse();
    assertThat(readiness.check().reason()).contains("not joined");

    view.catalog = new Readiness.Group("catalog", false, 0, 0);
    assertThat(readiness.check().ready()).isFalse();
    assertThat(readiness.check().reason()).contains("catalog has no leader");

    view.catalog = new Readiness.Group("catalog", true, 3, 3);
    assertThat(readiness.check()).isEqualTo(new Readiness.Result(true, "ready"));
  }

  @Test
  void waitsForTheCatalogToApplyWhatWasCommittedWhenItsLeaderWasFirstSeen() {
    view.catalog = new Readiness.Group("catalog", true, 5, 10);
    assertThat(readiness.check().reason()).contains("5").contains("10");

    // the commit index moving on does not move the target
    view.catalog = new Readiness.Group("catalog", true, 10, 20);
    assertThat(readiness.check().ready()).isTrue();
  }

  @Test
  void waitsForEveryLocalTableToKnowALeaderOnceThenOnlyForTheCatalog() {
    view.catalog = new Readiness.Group("catalog", true, 1, 1);
    view.tables.add(new Readiness.Group("users", false, 0, 0));
    assertThat(readiness.check().reason()).isEqualTo("table users has no leader");

    view.tables.set(0, new Readiness.Group("users", true, 4, 4));
    assertThat(readiness.check().ready()).isTrue();

    view.tables.set(0, new Readiness.Group("users", false, 4, 4));
    assertThat(readiness.check().ready()).as("a later table election").isTrue();

    view.catalog = new Readiness.Group("catalog", false, 1, 1);
    assertThat(readiness.check().ready()).isFalse();
  }

  @Test
  void waitsForEveryLocalTableToApplyWhatItsGroupHadCommittedWhenItsLeaderWasFirstSeen() {
    view.catalog = new Readiness.Group("catalog", true, 1, 1);
    view.tables.add(new Readiness.Group("users", true, 3456, 6550));
    assertThat(readiness.check().reason())
        .isEqualTo("table users applied index 3456 has not reached 6550");

    view.tables.set(0, new Readiness.Group("users", true, 3456, -1));
    assertThat(readiness.check().reason())
        .as("a restarted follower behind a purged log knows its leader before its commit index")
        .isEqualTo("table users has not heard from its leader yet");

    // the group committing more does not move the target
    view.tables.set(0, new Readiness.Group("users", true, 6550, 7000));
    assertThat(readiness.check().ready()).isTrue();

    view.tables.set(0, new Readiness.Group("users", true, 6550, 9000));
    assertThat(readiness.check().ready()).as("only until the node was first ready").isTrue();
  }

  @Test
  void aNodeNotJoinedSaysWhatItWaitsFor() {
    Readiness waiting = new Readiness(new Readiness.View() {
      @Override
      public Readiness.Group catalog() {
        return null;
      }

      @Override
      public List<Readiness.Group> tables() {
        return List.of();
      }

      @Override
      public String notJoined() {
        return "waiting for a majority of the 3 founding nodes to answer (1 do)";
      }
    });

    assertThat(waiting.check()).isEqualTo(new Readiness.Result(false,
        "waiting for a majority of the 3 founding nodes to answer (1 do)"));
  }

  @Test
  void notReadyOnceStopping() {
    view.catalog = new Readiness.Group("catalog", true, 1, 1);
    assertThat(readiness.check().ready()).isTrue();
    readiness.stopping();
    assertThat(readiness.check().reason()).contains("stopping");
  }
}
