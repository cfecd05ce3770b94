package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.winter.proto.RequestId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ids a gateway gives its writes, and the done mark that lets tables forget replies. */
class RequestIdsTest {
  private final RequestIds ids = new RequestIds();

  @Test
  void theDoneMarkStaysAtTheOldestRequestInFlight() {
    RequestId first = ids.begin();
    RequestId second = ids.begin();
    RequestId third = ids.begin();

    assertThat(List.of(first.getSeq(), second.getSeq(), third.getSeq())).isSorted()
        .doesNotHaveDuplicates();
    assertThat(third.getDoneBelow()).isEqualTo(first.getSeq());
    ids.done(second);
    assertThat(ids.begin().getDoneBelow()).isEqualTo(first.getSeq());
    ids.done(first);
    assertThat(ids.begin().getDoneBelow()).isEqualTo(third.getSeq());
  }

  @Test
  void everyRequestOfAProcessSharesItsOriginAndAnotherProcessHasAnother() {
    assertThat(ids.begin().getOrigin()).isEqualTo(ids.begin().getOrigin()).hasSize(16);
    assertThat(new RequestIds().begin().getOrigin()).isNotEqualTo(ids.begin().getOrigin());
  }

  @Test
  void noRequestStillInFlightIsEverBelowADoneMarkGivenOut() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    java.util.Set<Long> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      workers.add(pool.submit(() -> {
        for (int i = 0; i < 5_000; i++) {
          RequestId id = ids.begin();
          inFlight.add(id.getSeq());
          for (long seq : inFlight) {
            // seq may have finished meanwhile, but one still registered must not be below
            if (seq < id.getDoneBelow() && inFlight.contains(seq)) {
              violations.add(seq + " in flight below done mark " + id.getDoneBelow());
            }
          }
          inFlight.remove(id.getSeq());
          ids.done(id);
        }
      }));
    }
    for (var w : workers) {
      w.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(violations).isEmpty();
    assertThat(ids.inFlight()).isZero();
  }
}
