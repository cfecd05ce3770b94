package io.winter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.winter.config.Setting;
import io.winter.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The manifests under deploy/k8s render, parse strictly, and agree with each other and the code. */
class KubernetesManifestsTest {
  static final Path K8S = DockerfileTest.repoRoot().resolve("deploy").resolve("k8s");

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/minikube"})
  void everyResourceParsesIntoItsTypeWithNoUnknownField(String dir) {
    assertThat(Manifests.yaml(K8S.resolve(dir).resolve("kustomization.yaml")).propertyNames())
        .isSubsetOf(Manifests.KUSTOMIZATION_KEYS);
    List<HasMetadata> resources = Manifests.render(K8S.resolve(dir));
    assertThat(resources).extracting(r -> r.getClass().getSimpleName())
        .containsExactlyInAnyOrder("StatefulSet", "Service", "Service", "PodDisruptionBudget",
            "GenericKubernetesResource");
    for (HasMetadata r : resources) {
      if (r instanceof GenericKubernetesResource g) {
        assertThat(g.getKind()).isEqualTo("ServiceMonitor");
        assertThat(g.getAdditionalProperties()).containsOnlyKeys("spec");
      } else {
        assertThat(Manifests.unknownFields(r)).as("unknown fields of %s", r.getKind()).isEmpty();
      }
    }
    // every file in the base is listed, so none is silently left out of the rendering
    try (Stream<Path> files = Files.list(K8S.resolve("base"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("kustom")))
          .hasSize(resources.size());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/minikube"})
  void theResourcesAgreeWithEachOtherAndWithTheCode(String dir) {
    List<HasMetadata> resources = Manifests.render(K8S.resolve(dir));
    StatefulSet sts = only(resources, StatefulSet.class);
    Service nodes = service(resources, "winter-nodes");
    Service client = service(resources, "winter");
    PodDisruptionBudget pdb = only(resources, PodDisruptionBudget.class);
    Map<String, String> podLabels = sts.getSpec().getTemplate().getMetadata().getLabels();
    Container winter = sts.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(sts.getSpec().getServiceName()).isEqualTo(nodes.getMetadata().getName());
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
    assertThat(nodes.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(nodes.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(nodes.getSpec().getSelector()).isEqualTo(podLabels);
    assertThat(client.getSpec().getSelector()).isEqualTo(podLabels);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);

    assertThat(containerPort(winter, "client")).isEqualTo(defaultOf(Settings.RECEPTOR_PORT));
    assertThat(containerPort(winter, "raft")).isEqualTo(defaultOf(Settings.RAFT_PORT));
    assertThat(containerPort(winter, "metrics")).isEqualTo(defaultOf(Settings.METRICS_PORT));
    ServicePort raft = servicePort(nodes, "raft");
    assertThat(raft.getPort()).isEqualTo(defaultOf(Settings.RAFT_PORT));
    assertThat(raft.getTargetPort().getStrVal()).isEqualTo("raft");
    assertThat(servicePort(client, "client").getPort())
        .isEqualTo(defaultOf(Settings.RECEPTOR_PORT));

    assertThat(probe(winter.getLivenessProbe().getHttpGet())).isEqualTo("metrics/livez");
    assertThat(probe(winter.getStartupProbe().getHttpGet())).isEqualTo("metrics/livez");
    assertThat(probe(winter.getReadinessProbe().getHttpGet())).isEqualTo("metrics/readyz");
    assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", Integer.toString(defaultOf(Settings.METRICS_PORT)))
        .containsEntry("prometheus.io/path", "/metrics");

    List<String> settingNames = Settings.ALL.stream().map(Setting::env).toList();
    Map<String, EnvVar> env = winter.getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.keySet()).isSubsetOf(settingNames);
    assertThat(env.get("IS_DISTRIBUTED").getValue()).isEqualTo("true");
    assertThat(env.get("DNS_SERVICE_NAME").getValue()).isEqualTo(nodes.getMetadata().getName());
    assertThat(env.get("DNS_APPLICATION_NAME").getValue()).isEqualTo(sts.getMetadata().getName());
    assertThat(env.get("WINTER_NODE_ID").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env.get("WINTER_DATA_DIR").getValue())
        .isEqualTo(winter.getVolumeMounts().get(0).getMountPath());
    assertThat(winter.getVolumeMounts().get(0).getName())
        .isEqualTo(sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName());
    assertThat(winter.getLifecycle().getPreStop()).isNotNull();
    assertThat(sts.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThan(30);
    assertThat(sts.getSpec().getTemplate().getSpec().getEnableServiceLinks()).isFalse();
    assertThat(sts.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .isEqualTo(DockerfileTest.IMAGE_UID);
  }

  @Test
  void theServiceMonitorScrapesTheMetricsPortOfTheHeadlessService() {
    List<JsonNode> trees = Manifests.renderTrees(K8S.resolve("base"));
    JsonNode monitor = trees.stream().filter(t -> t.path("kind").asString()
        .equals("ServiceMonitor")).findFirst().orElseThrow();
    Service nodes = service(Manifests.render(K8S.resolve("base")), "winter-nodes");
    assertThat(monitor.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.path("spec").propertyNames()).containsExactlyInAnyOrder("selector",
        "endpoints");
    Map<String, String> selects = Manifests.yaml(K8S.resolve("base/servicemonitor.yaml"))
        .path("spec").path("selector").path("matchLabels").properties().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().asString()));
    assertThat(nodes.getMetadata().getLabels()).containsAllEntriesOf(selects);
    for (HasMetadata other : Manifests.render(K8S.resolve("base"))) {
      if (other instanceof Service s && !s.getMetadata().getName().equals("winter-nodes")) {
        assertThat(s.getMetadata().getLabels().entrySet().containsAll(selects.entrySet()))
            .as("%s is selected too", s.getMetadata().getName()).isFalse();
      }
    }
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("path").asString()).isEqualTo("/metrics");
    assertThat(servicePort(nodes, endpoint.path("port").asString()).getPort())
        .isEqualTo(defaultOf(Settings.METRICS_PORT));
  }

  @Test
  void theMinikubeOverlayPatchesWhatItMeans() {
    StatefulSet sts = only(Manifests.render(K8S.resolve("overlays/minikube")), StatefulSet.class);
    Container winter = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(winter.getImage()).isEqualTo("winter:dev");
    assertThat(winter.getImagePullPolicy()).isEqualTo("Never");
    assertThat(winter.getEnv().get(9).getName()).isEqualTo("WINTER_JAVA_OPTS");
    assertThat(sts.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
    assertThat(service(Manifests.render(K8S.resolve("overlays/minikube")), "winter")
        .getSpec().getType()).isEqualTo("NodePort");
  }

  private static int defaultOf(Setting<Integer> port) {
    return Integer.parseInt(port.defaultValue());
  }

  private static String probe(HTTPGetAction get) {
    return get.getPort().getStrVal() + get.getPath();
  }

  private static int containerPort(Container c, String name) {
    return c.getPorts().stream().filter(p -> name.equals(p.getName()))
        .map(ContainerPort::getContainerPort).findFirst().orElseThrow();
  }

  private static ServicePort servicePort(Service s, String name) {
    return s.getSpec().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no port " + name + " on " + s.getMetadata().getName()));
  }

  private static <T> T only(List<HasMetadata> resources, Class<T> type) {
    List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static Service service(List<HasMetadata> resources, String name) {
    return resources.stream().filter(r -> r instanceof Service
        && r.getMetadata().getName().equals(name)).map(Service.class::cast).findFirst()
        .orElseThrow();
  }
}
