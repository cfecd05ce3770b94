package io.winter.chaos.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads nodes' {@code /debug/replicas} pages: each group replica's role, peers and digest. */
public final class ReplicaPages {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private ReplicaPages() {}

  /** One line of the page: a table replica (or the catalog's) as its node reports it. */
  public record Replica(String node, String kind, Map<String, String> fields) {
    public String table() {
      return fields.getOrDefault("table", "");
    }

    public String group() {
      return fields.get("group");
    }

    public boolean isLeader() {
      return "leader".equals(fields.get("role"));
    }

    public long term() {
      return Long.parseLong(fields.getOrDefault("term", "0"));
    }

    public long applied() {
      return Long.parseLong(fields.getOrDefault("applied", "-1"));
    }

    public String digest() {
      return fields.getOrDefault("digest", "") + "/" + fields.getOrDefault("keys", "")
          + "/" + fields.getOrDefault("sealed", "");
    }

    public List<String> peers() {
      String p = fields.getOrDefault("peers", "");
      return p.isEmpty() ? List.of() : List.of(p.split(","));
    }
  }

  /** The node's replicas, or empty when the node does not answer. */
  public static List<Replica> of(ChaosNode node) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
              "http://" + node.host() + ":" + node.metricsPort() + "/debug/replicas"))
              .timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return List.of();
      }
      return parse(node.id(), r.body());
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  static List<Replica> parse(String node, String body) {
    List<Replica> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length < 2) {
        continue;
      }
      Map<String, String> fields = new HashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
      }
      out.add(new Replica(node, parts[0], fields));
    }
    return out;
  }

  /** The node that leads a table's group now, as the highest-term leader line says. */
  public static Optional<ChaosNode> leaderOf(String table, List<ChaosNode> nodes) {
    ChaosNode best = null;
    long bestTerm = -1;
    for (ChaosNode n : nodes) {
      if (!n.isRunning() || n.isPaused()) {
        continue;
      }
      for (Replica r : of(n)) {
        boolean match = table == null ? r.kind().equals("catalog") : table.equals(r.table());
        if (match && r.isLeader() && r.term() > bestTerm) {
          best = n;
          bestTerm = r.term();
        }
      }
    }
    return Optional.ofNullable(best);
  }
}
