package io.winter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundReconnectRpcTest {

  /** An RPC whose reconnect blocks, as closing a channel to a stalled peer does. */
  static final class SlowReconnects implements RaftClientRpc {
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> reconnected = new CopyOnWriteArrayList<>();

    @Override
    public boolean handleException(RaftPeerId serverId, Throwable t, boolean reconnect) {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reconnected.add(serverId + " " + t.getMessage() + " " + reconnect);
      return true;
    }

    @Override
    public RaftClientReply sendRequest(RaftClientRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addRaftPeers(Collection<RaftPeer> peers) {
    }

    @Override
    public void close() {
    }
  }

  final ExecutorService resets = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    resets.shutdownNow();
  }

  @Test
  void aReconnectAfterATimeoutReturnsAtOnceAndHappensInTheBackground() throws Exception {
    SlowReconnects slow = new SlowReconnects();
    BackgroundReconnectRpc rpc = new BackgroundReconnectRpc(slow, resets);

    assertThat(rpc.handleException(RaftPeerId.valueOf("n3"),
        new TimeoutIOException("timed out"), true)).isTrue();
    assertThat(slow.reconnected).as("not on the caller's thread").isEmpty();

    slow.release.countDown();
    resets.shutdown();
    assertThat(resets.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(slow.reconnected).containsExactly("n3 timed out true");
  }

  @Test
  void anyOtherFailureIsHandledOnTheCallersThreadAsRatisDoes() throws Exception {
    SlowReconnects slow = new SlowReconnects();
    slow.release.countDown();
    BackgroundReconnectRpc rpc = new BackgroundReconnectRpc(slow, resets);

    // the peer answered (say, not the leader): the retry may go back to it at once
    assertThat(rpc.handleException(RaftPeerId.valueOf("n2"), new IOException("not leader"),
        true)).isTrue();
    assertThat(slow.reconnected).containsExactly("n2 not leader true");
    resets.shutdown();
    assertThat(resets.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(slow.reconnected).hasSize(1);
  }
}
