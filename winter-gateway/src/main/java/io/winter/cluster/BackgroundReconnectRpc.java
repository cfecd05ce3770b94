package io.winter.cluster;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/**
 * A Raft client's RPC that drops its connection to a peer that timed out off the caller's
 * thread. Ratis' client drops the connection to a peer it gives up on before it schedules the
 * retry, on the thread that saw the failure, and closing a gRPC channel waits up to 3 s (and
 * 2 s more) for the calls still open on it: with a peer that stalled or was cut off, each
 * retry first waited that long.
 */
final class BackgroundReconnectRpc implements RaftClientRpc {
  private final RaftClientRpc rpc;
  private final Executor resets;

  BackgroundReconnectRpc(RaftClientRpc rpc, Executor resets) {
    this.rpc = rpc;
    this.resets = resets;
  }

  @Override
  public CompletableFuture<RaftClientReply> sendRequestAsync(RaftClientRequest request) {
    return rpc.sendRequestAsync(request);
  }

  @Override
  public CompletableFuture<RaftClientReply> sendRequestAsyncUnordered(RaftClientRequest request) {
    return rpc.sendRequestAsyncUnordered(request);
  }

  @Override
  public RaftClientReply sendRequest(RaftClientRequest request) throws IOException {
    return rpc.sendRequest(request);
  }

  /**
   * After a timeout, answers at once that the connection is dropped, as Ratis' proxy map
   * would, and leaves the dropping to the background: the client's retry goes to another
   * peer, and a request sent meanwhile to the stalled one would fail anyway. Any other failure
   * (a peer that answered, or refused the connection) is handled as Ratis does, at once: its
   * retry may go back to that peer, and must then find a new connection, not one that the
   * background is about to close under it.
   */
  @Override
  public boolean handleException(RaftPeerId serverId, Throwable t, boolean reconnect) {
    if (!(t instanceof TimeoutIOException)) {
      return rpc.handleException(serverId, t, reconnect);
    }
    // Ratis' proxy map drops the connection after any timeout (IOUtils.shouldReconnect)
    try {
      resets.execute(() -> rpc.handleException(serverId, t, reconnect));
    } catch (RejectedExecutionException e) {
      // the node is closing its clients, and this connection with them
    }
    return true;
  }

  @Override
  public boolean shouldReconnect(Throwable t) {
    return rpc.shouldReconnect(t);
  }

  @Override
  public void addRaftPeers(Collection<RaftPeer> peers) {
    rpc.addRaftPeers(peers);
  }

  @Override
  public void close() throws IOException {
    rpc.close();
  }
}
