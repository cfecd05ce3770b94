package io.winter.chaos.nemesis;

/** The kinds of fault the nemesis injects. */
public enum FaultKind {
  /** kill -9 of a table leader or a random node, restarted after a while. */
  KILL,
  /** SIGSTOP of a leader or a random node for longer than the election timeout, then SIGCONT. */
  PAUSE,
  /** Network partitions between node namespaces: majority/minority, isolated leader, bridge. */
  PARTITION,
  /** Leadership moved around every group again and again through Ratis' admin API. */
  TRANSFER,
  /** A node added, or removed, or replaced by a new one, through DNS and reconciliation. */
  MEMBERSHIP,
  /** kill -9 of a node, its data directory deleted, the node started again under its name. */
  WIPE
}
