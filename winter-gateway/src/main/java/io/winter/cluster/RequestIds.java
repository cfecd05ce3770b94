package io.winter.cluster;

import com.google.protobuf.ByteString;
import io.winter.proto.RequestId;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names this gateway's table writes so that their retries apply at most once: a random origin
 * for the process, a sequence number per request, and the lowest request still in flight,
 * below which tables may forget the replies they keep for retries.
 */
final class RequestIds {
  private final ByteString origin;
  private final AtomicLong last = new AtomicLong();
  private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();

  RequestIds() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    this.origin = ByteString.copyFrom(random);
  }

  /** A new request id, in flight until {@link #done}; all tries of the request carry it. */
  RequestId begin() {
    long seq;
    // registered before the done mark is read, so no concurrent request can put it past seq
    synchronized (inFlight) {
      seq = last.incrementAndGet();
      inFlight.add(seq);
    }
    return RequestId.newBuilder().setOrigin(origin).setSeq(seq)
        .setDoneBelow(inFlight.first()).build();
  }

  /** The request will not be tried again. */
  void done(RequestId id) {
    inFlight.remove(id.getSeq());
  }

  /** How many requests are in flight (for tests). */
  int inFlight() {
    return inFlight.size();
  }
}
