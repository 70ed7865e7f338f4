package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import dev.metarag.k8s.support.ServiceSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The data survives `helm upgrade` and `helm uninstall`. */
class PersistenceTest {
  private final Manifests defaults = Chart.render(Values.defaults());

  @Test
  void everyClaimIsKeptOnUninstall() {
    assertThat(defaults.claims()).hasSize(2);
    for (PersistentVolumeClaim claim : defaults.claims()) {
      assertThat(claim.getMetadata().getAnnotations())
          .as(claim.getMetadata().getName())
          .containsEntry("helm.sh/resource-policy", "keep");
    }
  }

  @Test
  void anUpgradeWithOtherImagesReplicasAndSettingsFindsTheSameClaims() {
    Manifests upgraded =
        Chart.render(
            Values.of("gpu-training", "solrcloud", "tls-auth", "monitoring")
                .set("retriever.image.tag", "0.2.0")
                .set("generator.image.digest", "sha256:" + "a".repeat(64))
                .set("generator.autoscaling.enabled", false)
                .set("generator.replicas", 5)
                .set("retriever.persistence.size", "40Gi")
                .set("sharedStorage.size", "80Gi"));

    assertThat(names(upgraded.claims())).isEqualTo(names(defaults.claims()));
    assertThat(claimsMounted(upgraded)).isEqualTo(claimsMounted(defaults));
  }

  @Test
  void theSharedClaimIsReadWriteManyAndWhatEveryServiceAndTheWorkersMount() {
    PersistentVolumeClaim shared =
        defaults.forComponent(PersistentVolumeClaim.class, "shared-storage");

    assertThat(shared.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(claimsMounted(defaults))
        .containsEntry("metarag-retriever", List.of("metarag-retriever-data", "metarag-shared"))
        .containsEntry("metarag-generator", List.of("metarag-shared"))
        .containsEntry("metarag-adapter", List.of("metarag-shared"))
        .containsEntry("metarag-meta-trainer", List.of("metarag-shared"));
    assertThat(
            ServiceSettings.environment(defaults, defaults.deployment("meta-trainer"))
                .get("METARAG_TRAINER_KUBERNETES_VOLUME_CLAIM"))
        .as("the claim the worker Jobs mount")
        .isEqualTo(shared.getMetadata().getName());
  }

  @Test
  void deploymentsOwningAReadWriteOnceClaimOrTheRegistrysStateRecreateTheirPod() {
    assertThat(defaults.deployment("retriever").getSpec().getStrategy().getType())
        .isEqualTo("Recreate");
    assertThat(defaults.deployment("adapter").getSpec().getStrategy().getType())
        .isEqualTo("Recreate");
    assertThat(defaults.deployment("meta-trainer").getSpec().getStrategy().getType())
        .isEqualTo("Recreate");
    assertThat(defaults.deployment("generator").getSpec().getStrategy().getType())
        .isEqualTo("RollingUpdate");
  }

  @Test
  void existingClaimsAreUsedInsteadOfNewOnes() {
    Manifests small = Chart.render(Values.of("small-cluster"));

    assertThat(small.claims()).as("no claim created").isEmpty();
    assertThat(claimsMounted(small))
        .containsEntry("metarag-meta-trainer", List.of("team-ml-datasets", "team-ml-shared"))
        .containsEntry("metarag-adapter", List.of("team-ml-datasets", "team-ml-shared"))
        .containsEntry("metarag-generator", List.of("team-ml-shared"))
        .containsEntry("metarag-retriever", List.of("team-ml-shared"));
  }

  private static List<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
  }

  /** Deployment name to the claims its pods mount, sorted. */
  private static Map<String, List<String>> claimsMounted(Manifests manifests) {
    return manifests.deployments().stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), PersistenceTest::claims));
  }

  private static List<String> claims(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getVolumes().stream()
        .map(Volume::getPersistentVolumeClaim)
        .filter(c -> c != null)
        .map(c -> c.getClaimName())
        .sorted()
        .toList();
  }
}
