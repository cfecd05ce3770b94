package io.winter.bench.driver.winter;

import io.winter.bench.driver.Completion;
import io.winter.bench.driver.Outcome;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Matches Winter's reply lines to the requests of one connection: replies come one per request,
 * in order, so the oldest outstanding request owns the next line.
 */
public final class ReplyMatcher {

  /** Longest prefix of a reply that is kept to classify it and to describe an error. */
  public static final int HEAD_BYTES = 96;

  private record Pending(boolean read, Completion done) {}

  // expect() runs on the thread issuing a batch, onReply() on the I/O thread
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();

  /** Registers a request just before it is written; {@code read} tells GET from PUTNEW. */
  public void expect(boolean read, Completion done) {
    pending.add(new Pending(read, done));
  }

  /**
   * Completes the oldest request with the reply whose first bytes are {@code head} (at most
   * {@link #HEAD_BYTES}, line ending removed). A reply with no request is a protocol error.
   */
  public void onReply(String head) {
    Pending p = pending.poll();
    if (p == null) {
      throw new IllegalStateException("reply with no outstanding request: " + head);
    }
    Outcome outcome = classify(p.read, head);
    p.done.done(outcome, outcome == Outcome.ERROR ? head : null);
  }

  /** Fails every outstanding request, e.g. when the connection closes. */
  public void failAll(String why) {
    for (Pending p; (p = pending.poll()) != null; ) {
      p.done.done(Outcome.ERROR, why);
    }
  }

  public int outstanding() {
    return pending.size();
  }

  static Outcome classify(boolean read, String head) {
    if (!read) {
      return "ok".equals(head) ? Outcome.OK : Outcome.ERROR;
    }
    if ("nil".equals(head)) {
      return Outcome.MISS;
    }
    if (head.startsWith("error ") || head.equals("missing table")
        || head.startsWith("unrecognized command")) {
      return Outcome.ERROR;
    }
    return Outcome.OK;
  }
}
