package io.winter.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a node stops, moves the leadership of every group it leads to another member, so
 * clients wait one leader hand-over instead of an election timeout.
 */
public final class LeadershipHandoff {
  private static final Logger LOG = LoggerFactory.getLogger(LeadershipHandoff.class);

  private LeadershipHandoff() {}

  public static void stepDownEverywhere(RaftNode node, RaftClients clients, Duration limit) {
    List<RaftGroup> led = new ArrayList<>();
    try {
      for (RaftGroupId id : node.server().getGroupIds()) {
        RaftServer.Division division = node.server().getDivision(id);
        if (division.getInfo().isLeader()
            && division.getRaftConf().getCurrentPeers().size() > 1) {
          led.add(RaftGroup.valueOf(id, division.getRaftConf().getCurrentPeers()));
        }
      }
    } catch (IOException e) {
      LOG.warn("listing groups for the leadership hand-off failed", e);
      return;
    }
    if (led.isEmpty()) {
      return;
    }
    LOG.info("handing off leadership of {} groups", led.size());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, led.size()));
    try {
      CompletableFuture<?>[] handoffs = led.stream()
          .map(group -> CompletableFuture.runAsync(() -> stepDown(clients, group, limit), pool))
          .toArray(CompletableFuture[]::new);
      CompletableFuture.allOf(handoffs).get(limit.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.info("leadership hand-off incomplete: {}", e.toString());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void stepDown(RaftClients clients, RaftGroup group, Duration limit) {
    try {
      // null: let Ratis pick the most caught-up follower
      clients.get(group).admin().transferLeadership(null, limit.toMillis());
    } catch (IOException | RuntimeException e) {
      LOG.debug("group {}: leadership hand-off failed: {}", group.getGroupId(), e.toString());
    }
  }
}
