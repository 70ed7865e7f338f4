package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The meta-trainer may do with the API server exactly what its KUBERNETES executor does, in its own
 * namespace; no other pod carries an API token. (TrainerRoleCoversExecutorCallsTest runs the
 * executor itself and checks each of its requests against this Role.)
 */
class TrainerRbacTest {
  private final Manifests manifests = Chart.render(Values.defaults());

  /** "group/resource" to verbs, as the Role grants them. */
  static Map<String, Set<String>> grants(Role role) {
    Map<String, Set<String>> grants = new TreeMap<>();
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getResourceNames()).as("rules name no single objects").isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          grants
              .computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
              .addAll(rule.getVerbs());
        }
      }
    }
    return grants;
  }

  @Test
  void theTrainersRoleGrantsJobsAndPodsWithExactlyTheVerbsTheExecutorUses() {
    Role role = manifests.forComponent(Role.class, "meta-trainer");

    assertThat(grants(role))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "batch/jobs", new TreeSet<>(Set.of("get", "list", "watch", "create", "delete")),
                    "/pods", new TreeSet<>(Set.of("list", "watch")))));
    assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
  }

  @Test
  void noRuleHasAWildcardAndNothingIsClusterWide() {
    for (Role role : manifests.ofKind(Role.class)) {
      for (PolicyRule rule : role.getRules()) {
        assertThat(rule.getVerbs()).doesNotContain("*");
        assertThat(rule.getResources()).doesNotContain("*");
        assertThat(rule.getApiGroups()).doesNotContain("*");
      }
    }
    assertThat(manifests.all())
        .extracting(HasMetadata::getKind)
        .doesNotContain("ClusterRole", "ClusterRoleBinding");
  }

  @Test
  void theRoleIsBoundToTheTrainersOwnAccountWhichOnlyTheTrainerUses() {
    Role role = manifests.forComponent(Role.class, "meta-trainer");
    RoleBinding binding = manifests.forComponent(RoleBinding.class, "meta-trainer");
    PodSpec trainer = manifests.deployment("meta-trainer").getSpec().getTemplate().getSpec();

    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(trainer.getServiceAccountName());
              assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
            });
    assertThat(trainer.getAutomountServiceAccountToken()).isTrue();
    for (String other : List.of("retriever", "generator", "adapter")) {
      PodSpec pod = manifests.deployment(other).getSpec().getTemplate().getSpec();
      assertThat(pod.getServiceAccountName())
          .as(other)
          .isNotEqualTo(trainer.getServiceAccountName());
      assertThat(pod.getAutomountServiceAccountToken())
          .as(other + " mounts no API token")
          .isFalse();
    }
  }

  @Test
  void theWorkerPodsAccountMountsNoTokenAndCarriesThePullSecrets() {
    Manifests withSecrets =
        Chart.render(Values.defaults().set("image.pullSecrets[0].name", "regcred"));
    ServiceAccount worker = withSecrets.forComponent(ServiceAccount.class, "worker");

    assertThat(worker.getAutomountServiceAccountToken()).isFalse();
    assertThat(worker.getImagePullSecrets()).extracting("name").containsExactly("regcred");
  }
}
