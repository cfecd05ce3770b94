package io.winter.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a kustomization the way kustomize does for the features Winter's manifests use
 * ({@code resources}, {@code images}, JSON 6902 {@code patches}) into typed objects.
 */
final class Manifests {
  private Manifests() {}

  static final Set<String> KUSTOMIZATION_KEYS =
      Set.of("apiVersion", "kind", "resources", "images", "patches");

  /** The resources a kustomization directory renders to, as YAML trees. */
  static List<JsonNode> renderTrees(Path dir) {
    JsonNode k = yaml(dir.resolve("kustomization.yaml"));
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asString()).normalize();
      if (Files.isDirectory(p)) {
        out.addAll(renderTrees(p));
      } else {
        out.add(yaml(p));
      }
    }
    for (JsonNode image : k.path("images")) {
      for (JsonNode res : out) {
        for (JsonNode c : res.path("spec").path("template").path("spec").path("containers")) {
          String current = c.path("image").asString();
          if (current.split(":")[0].equals(image.path("name").asString())) {
            ((ObjectNode) c).put("image", current.split(":")[0] + ":"
                + image.path("newTag").asString());
          }
        }
      }
    }
    for (JsonNode patch : k.path("patches")) {
      JsonNode target = patch.path("target");
      JsonNode ops = yaml(dir.resolve(patch.path("path").asString()));
      long matched = out.stream().filter(res -> matches(res, target)).peek(res -> {
        for (JsonNode op : ops) {
          apply(res, op);
        }
      }).count();
      if (matched == 0) {
        throw new IllegalStateException("patch " + patch + " matches no resource");
      }
    }
    return out;
  }

  /** The rendered resources as typed Kubernetes objects. */
  static List<HasMetadata> render(Path dir) {
    List<HasMetadata> typed = new ArrayList<>();
    for (JsonNode tree : renderTrees(dir)) {
      typed.add(Serialization.unmarshal(tree.toString()));
    }
    return typed;
  }

  static JsonNode yaml(Path file) {
    try {
      return Serialization.yamlMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean matches(JsonNode resource, JsonNode target) {
    return resource.path("kind").asString().equals(target.path("kind").asString())
        && resource.path("metadata").path("name").asString()
            .equals(target.path("name").asString());
  }

  /** JSON patch {@code replace} and {@code add}; replace requires the path to exist. */
  private static void apply(JsonNode resource, JsonNode op) {
    String[] path = op.path("path").asString().substring(1).split("/");
    JsonNode parent = resource;
    for (int i = 0; i < path.length - 1; i++) {
      parent = parent.isArray() ? parent.get(Integer.parseInt(path[i])) : parent.get(path[i]);
      if (parent == null) {
        throw new IllegalStateException("no " + op.path("path").asString() + " to patch");
      }
    }
    String last = path[path.length - 1];
    String kind = op.path("op").asString();
    if (parent instanceof ArrayNode array) {
      int i = Integer.parseInt(last);
      if (kind.equals("replace") && i < array.size()) {
        array.set(i, op.get("value"));
        return;
      }
    } else if (parent instanceof ObjectNode object
        && (kind.equals("add") || object.has(last))) {
      object.set(last, op.get("value"));
      return;
    }
    throw new IllegalStateException("cannot " + kind + " " + op.path("path").asString());
  }

  /**
   * Paths of every unknown field: fabric8 keeps fields its model does not know in
   * {@code additionalProperties}, at whatever depth they occur.
   */
  static List<String> unknownFields(Object model) {
    List<String> found = new ArrayList<>();
    walk(model, "", found, new IdentityHashMap<>());
    return found;
  }

  private static void walk(Object o, String at, List<String> found, Map<Object, Boolean> seen) {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, at + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, at + "." + k, found, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(o);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
        extra.keySet().forEach(k -> found.add(at + "." + k));
      } else {
        walk(value, at + "." + getter.getName().substring(3), found, seen);
      }
    }
  }
}
