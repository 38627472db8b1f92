package org.maproom.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.Topics;

/**
 * Builds each overlay with {@code kubectl kustomize} and checks every document offline: the built-in kinds parse
 * strictly into the Kubernetes model (a misspelt field fails), and our own rules hold.
 */
class ManifestsTest {
  /** Custom resources: checked by our rules below, not by the Kubernetes model. */
  static final Set<String> CUSTOM_KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "ServiceMonitor", "PrometheusRule");
  static final List<String> SERVICES = List.of("content-service", "engagement-service", "moderation-service", "notify-service");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final KubernetesSerialization KUBE = new KubernetesSerialization();

  record Built(List<JsonNode> all, List<HasMetadata> model) {
    List<JsonNode> kind(String kind) {
      return all.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    <T> List<T> model(Class<T> type) {
      return model.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  static Built build(String overlay) throws Exception {
    Path dir = Path.of("overlays", overlay).toAbsolutePath();
    Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<JsonNode> all = new ArrayList<>();
    List<HasMetadata> model = new ArrayList<>();
    for (String doc : out.split("(?m)^---\\s*$")) {
      if (doc.isBlank()) continue;
      JsonNode node = YAML.readTree(doc);
      all.add(node);
      if (!CUSTOM_KINDS.contains(node.path("kind").asText())) {
        HasMetadata parsed = KUBE.unmarshal(doc);
        List<String> unknown = new ArrayList<>();
        unknownFields(parsed, parsed.getKind() + "/" + parsed.getMetadata().getName(), unknown, new IdentityHashMap<>());
        assertThat(unknown).as("fields the Kubernetes API does not know").isEmpty();
        model.add(parsed);
      }
    }
    return new Built(all, model);
  }

  /** fabric8 keeps fields it does not know in additionalProperties instead of failing: walk the graph for them. */
  static void unknownFields(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
    if (o == null || seen.put(o, true) != null) return;
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) unknownFields(e, path + "[" + i++ + "]", out, seen);
      return;
    }
    if (o instanceof Map<?, ?> || !o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) continue;
      try {
        Object v = m.invoke(o);
        if (m.getName().equals("getAdditionalProperties")) {
          if (v instanceof Map<?, ?> extra && !extra.isEmpty()) out.add(path + ": " + extra.keySet());
        } else {
          unknownFields(v, path + "." + m.getName().substring(3), out, seen);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyContainerHasResourcesProbesAndALockedDownSecurityContext(String overlay) throws Exception {
    Built built = build(overlay);
    assertThat(built.model(Deployment.class)).hasSize(5);
    for (Deployment d : built.model(Deployment.class)) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(d.getMetadata().getName()).isTrue();
      for (Container c : pod.getContainers()) {
        String name = d.getMetadata().getName() + "/" + c.getName();
        assertThat(c.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(name).isEqualTo("/health/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/health/alive");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(name).contains("ALL");
        assertThat(c.getImage()).as(name).doesNotEndWith(":latest").contains(":");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void servicesSelectPodsAndClusterMembersMayReadPodsToFindEachOther(String overlay) throws Exception {
    Built built = build(overlay);
    var deployments = built.model(Deployment.class);
    for (Service s : built.model(Service.class)) {
      assertThat(deployments).as("a Deployment behind Service " + s.getMetadata().getName())
          .anySatisfy(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(s.getSpec().getSelector()));
    }
    for (String service : SERVICES) {
      assertThat(built.kind("ServiceAccount")).anySatisfy(a -> assertThat(a.path("metadata").path("name").asText()).isEqualTo(service));
      var role = built.kind("Role").stream().filter(r -> r.path("metadata").path("name").asText().equals(service + "-pod-reader")).findFirst();
      assertThat(role).as(service).isPresent();
      assertThat(role.get().path("rules").get(0).path("resources").get(0).asText()).isEqualTo("pods");
      assertThat(built.kind("RoleBinding")).anySatisfy(b -> assertThat(b.path("subjects").get(0).path("name").asText()).isEqualTo(service));
      // Its database is a CloudNativePG cluster of its own, and it reads that cluster's credentials.
      var deployment = deployments.stream().filter(d -> d.getMetadata().getName().equals(service)).findFirst().orElseThrow();
      var env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
      String short_ = service.replace("-service", "");
      assertThat(env).anySatisfy(e -> assertThat(e.getValue()).isEqualTo("jdbc:postgresql://" + short_ + "-db-rw:5432/maproom_" + short_));
      assertThat(built.kind("Cluster")).anySatisfy(c -> assertThat(c.path("metadata").path("name").asText()).isEqualTo(short_ + "-db"));
      assertThat(env).anySatisfy(e -> assertThat(e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null
          ? null : e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(short_ + "-db-app"));
    }
  }

  @Test
  void inProductionEveryServiceHasThreeReplicasAPdbAndAnHpa() throws Exception {
    Built prod = build("prod");
    for (Deployment d : prod.model(Deployment.class)) {
      String name = d.getMetadata().getName();
      assertThat(d.getSpec().getReplicas()).as(name).isEqualTo(3);
      assertThat(prod.model(PodDisruptionBudget.class)).as("PDB for " + name)
          .anySatisfy(p -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(p.getSpec().getSelector().getMatchLabels()));
      assertThat(prod.model(HorizontalPodAutoscaler.class)).as("HPA for " + name).anySatisfy(h -> {
        assertThat(h.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
        assertThat(h.getSpec().getMinReplicas()).isEqualTo(3);
      });
      assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).as(name).isNotEmpty();
    }
    for (JsonNode cluster : prod.kind("Cluster")) assertThat(cluster.path("spec").path("instances").asInt()).isEqualTo(3);
    assertThat(prod.kind("ServiceMonitor")).hasSize(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyTopicInTheContractsHasAKafkaTopic(String overlay) throws Exception {
    Built built = build(overlay);
    int replicas = overlay.equals("prod") ? 3 : 1;
    for (String topic : Topics.ALL) {
      var t = built.kind("KafkaTopic").stream().filter(k -> k.path("metadata").path("name").asText().equals(topic)).findFirst();
      assertThat(t).as(topic).isPresent();
      assertThat(t.get().path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("maproom");
      assertThat(t.get().path("spec").path("replicas").asInt()).isEqualTo(replicas);
      assertThat(t.get().path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(replicas == 3 ? 2 : 1);
      assertThat(t.get().path("spec").path("config").path("unclean.leader.election.enable").asBoolean(true)).isFalse();
    }
    assertThat(built.kind("Kafka")).singleElement().satisfies(k ->
        assertThat(k.path("metadata").path("annotations").path("strimzi.io/kraft").asText()).isEqualTo("enabled"));
  }

  @Test
  void everyAlertIsExplainedInTheOperationsGuideAndNothingElseIs() throws Exception {
    Built prod = build("prod");
    Set<String> alerts = new java.util.TreeSet<>();
    for (JsonNode group : prod.kind("PrometheusRule").get(0).path("spec").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.path("alert").asText();
        assertThat(rule.path("expr").asText()).as(name).isNotBlank();
        assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("page", "ticket");
        assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
        alerts.add(name);
      }
    }
    String guide = java.nio.file.Files.readString(Path.of("..", "docs", "operations.md"));
    Set<String> explained = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\*\\*(Maproom\\w+)\\*\\*").matcher(guide);
    while (m.find()) explained.add(m.group(1));
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(5).isEqualTo(explained);
  }

  @Test
  void aMisspeltFieldIsCaught() throws IOException {
    String doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec:\n  template:\n    spec:\n"
        + "      containers:\n        - { name: x, image: x:1, imagePullPolcy: Always }\n";
    HasMetadata parsed = KUBE.unmarshal(doc);
    List<String> unknown = new ArrayList<>();
    unknownFields(parsed, "Deployment/x", unknown, new IdentityHashMap<>());
    assertThat(unknown).singleElement().asString().contains("imagePullPolcy");
  }
}
