package io.winter.cluster;

/** This node cannot serve commands yet: the cluster has not formed, or it has not joined. */
public final class NodeNotReadyException extends RuntimeException {
  public NodeNotReadyException(String reason) {
    super(reason, null, false, false);
  }
}
