package io.winter.bench.driver.winter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winter.bench.driver.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyMatcherTest {

  private final ReplyMatcher matcher = new ReplyMatcher();
  private final List<String> seen = new ArrayList<>();

  private void expect(String name, boolean read) {
    matcher.expect(read, (o, d) -> seen.add(name + ":" + o + (d == null ? "" : ":" + d)));
  }

  @Test
  void repliesCompleteRequestsInTheOrderTheyWereSent() {
    expect("put1", false);
    expect("get1", true);
    expect("put2", false);
    expect("get2", true);

    matcher.onReply("ok");
    matcher.onReply("abcdef");
    matcher.onReply("error timed out after 5000 ms: the command may or may not have taken effect");
    matcher.onReply("nil");

    assertThat(seen).containsExactly("put1:OK", "get1:OK",
        "put2:ERROR:error timed out after 5000 ms: the command may or may not have taken effect", "get2:MISS");
    assertThat(matcher.outstanding()).isZero();
  }

  @Test
  void classifiesEveryKindOfReply() {
    assertThat(ReplyMatcher.classify(false, "ok")).isEqualTo(Outcome.OK);
    assertThat(ReplyMatcher.classify(false, "missing table")).isEqualTo(Outcome.ERROR);
    assertThat(ReplyMatcher.classify(false, "error unavailable: table t has no leader")).isEqualTo(Outcome.ERROR);
    assertThat(ReplyMatcher.classify(true, "nil")).isEqualTo(Outcome.MISS);
    assertThat(ReplyMatcher.classify(true, "missing table")).isEqualTo(Outcome.ERROR);
    assertThat(ReplyMatcher.classify(true, "unrecognized command GTE")).isEqualTo(Outcome.ERROR);
    assertThat(ReplyMatcher.classify(true, "ok")).isEqualTo(Outcome.OK);
    assertThat(ReplyMatcher.classify(true, "a value with spaces")).isEqualTo(Outcome.OK);
  }

  @Test
  void aReplyWithoutARequestIsAProtocolError() {
    assertThatThrownBy(() -> matcher.onReply("ok")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no outstanding request");
  }

  @Test
  void closingFailsEveryOutstandingRequestOnce() {
    expect("a", true);
    expect("b", false);
    matcher.onReply("v");

    matcher.failAll("connection closed");
    matcher.failAll("connection closed");

    assertThat(seen).containsExactly("a:OK", "b:ERROR:connection closed");
  }
}
