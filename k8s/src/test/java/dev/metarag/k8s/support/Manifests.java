package dev.metarag.k8s.support;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/** The objects of a rendered chart or kustomization, read with the fabric8 Kubernetes model. */
public final class Manifests {
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  /** The chart's components: the app.kubernetes.io/component of each service's objects. */
  public static final List<String> SERVICES =
      List.of("retriever", "generator", "meta-trainer", "adapter");

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  /** Parses multi-document YAML; kinds the model does not know become generic resources. */
  public static Manifests parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      Object parsed = Serialization.unmarshal(document);
      if (!(parsed instanceof HasMetadata object)) {
        throw new IllegalArgumentException("not a Kubernetes object:\n" + document);
      }
      objects.add(object);
    }
    return new Manifests(objects);
  }

  public List<HasMetadata> all() {
    return objects;
  }

  public <T extends HasMetadata> List<T> ofKind(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Objects the model has no class for (e.g. a ServiceMonitor), by kind. */
  public List<GenericKubernetesResource> generic(String kind) {
    return ofKind(GenericKubernetesResource.class).stream()
        .filter(o -> kind.equals(o.getKind()))
        .toList();
  }

  public <T extends HasMetadata> T named(Class<T> type, String name) {
    return ofKind(type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow(
            () -> new NoSuchElementException("no " + type.getSimpleName() + " named " + name));
  }

  /** The object of a kind whose app.kubernetes.io/component label is the component. */
  public <T extends HasMetadata> T forComponent(Class<T> type, String component) {
    List<T> found =
        ofKind(type).stream()
            .filter(o -> component.equals(label(o, "app.kubernetes.io/component")))
            .toList();
    if (found.size() != 1) {
      throw new NoSuchElementException(
          found.size() + " " + type.getSimpleName() + "s for component " + component);
    }
    return found.getFirst();
  }

  public Deployment deployment(String component) {
    return forComponent(Deployment.class, component);
  }

  public List<Deployment> deployments() {
    return ofKind(Deployment.class);
  }

  public List<PodTemplateSpec> podTemplates() {
    return deployments().stream().map(d -> d.getSpec().getTemplate()).toList();
  }

  public List<Service> services() {
    return ofKind(Service.class);
  }

  public List<PersistentVolumeClaim> claims() {
    return ofKind(PersistentVolumeClaim.class);
  }

  public List<HorizontalPodAutoscaler> autoscalers() {
    return ofKind(HorizontalPodAutoscaler.class);
  }

  public List<PodDisruptionBudget> disruptionBudgets() {
    return ofKind(PodDisruptionBudget.class);
  }

  public ConfigMap configMap(String name) {
    return named(ConfigMap.class, name);
  }

  private static String label(HasMetadata o, String key) {
    return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
  }
}
