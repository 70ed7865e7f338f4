package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which services scale, and how many of their pods a drain may take at once. */
class AutoscalingAndBudgetsTest {

  private static List<String> scaled(Manifests manifests) {
    return manifests.autoscalers().stream()
        .map(h -> h.getSpec().getScaleTargetRef().getName())
        .sorted()
        .toList();
  }

  @Test
  void byDefaultOnlyTheGeneratorAutoscalesAndItsDeploymentLeavesReplicasToTheHpa() {
    Manifests manifests = Chart.render(Values.defaults());

    assertThat(scaled(manifests)).containsExactly("metarag-generator");
    HorizontalPodAutoscaler hpa = manifests.autoscalers().getFirst();
    assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
    assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getName()).isEqualTo("cpu");
    assertThat(manifests.deployment("generator").getSpec().getReplicas())
        .as("an upgrade must not reset what the HPA chose")
        .isNull();
  }

  @Test
  void hpasExistOnlyForTheRetrieverAndTheGenerator() {
    Manifests manifests =
        Chart.render(
            Values.defaults()
                .set("retriever.persistence.enabled", false)
                .set("retriever.autoscaling.enabled", true));

    assertThat(scaled(manifests)).containsExactly("metarag-generator", "metarag-retriever");
    for (HorizontalPodAutoscaler hpa : manifests.autoscalers()) {
      Deployment target =
          manifests.named(Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
      assertThat(target.getSpec().getReplicas()).isNull();
    }
  }

  @Test
  void theAdapterAndTheTrainerHaveNoAutoscalingToAskFor() {
    // One writer of the registry's domain state; one supervisor of the jobs.
    assertThatThrownBy(
            () -> Chart.render(Values.defaults().set("adapter.autoscaling.enabled", true)))
        .hasMessageContaining("adapter: Additional property autoscaling is not allowed");
    assertThatThrownBy(
            () -> Chart.render(Values.defaults().set("metaTrainer.autoscaling.enabled", true)))
        .hasMessageContaining("metaTrainer: Additional property autoscaling is not allowed");
  }

  @Test
  void theRetrieverDoesNotScaleOutOverItsOwnIndexes() {
    assertThatThrownBy(
            () -> Chart.render(Values.defaults().set("retriever.autoscaling.enabled", true)))
        .hasMessageContaining("retriever: more than one replica")
        .hasMessageContaining("write locks");
    assertThatThrownBy(() -> Chart.render(Values.defaults().set("retriever.replicas", 2)))
        .hasMessageContaining("retriever.persistence.enabled");
  }

  @Test
  void withoutAutoscalingTheReplicaCountsAreFixedAndNoHpaIsRendered() {
    Manifests manifests = Chart.render(Values.of("small-cluster"));

    assertThat(manifests.autoscalers()).isEmpty();
    assertThat(manifests.deployment("generator").getSpec().getReplicas()).isEqualTo(1);
    assertThat(manifests.deployment("retriever").getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void budgetsCoverTheScalableServicesAndSelectTheirPods() {
    Manifests manifests = Chart.render(Values.defaults());

    assertThat(manifests.disruptionBudgets())
        .extracting(b -> b.getMetadata().getLabels().get("app.kubernetes.io/component"))
        .containsExactlyInAnyOrder("retriever", "generator");
    for (PodDisruptionBudget budget : manifests.disruptionBudgets()) {
      String component = budget.getMetadata().getLabels().get("app.kubernetes.io/component");
      assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
      assertThat(manifests.deployment(component).getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    }
  }

  @Test
  void aBudgetCanAskForMinAvailableInstead() {
    Manifests manifests =
        Chart.render(Values.defaults().set("generator.podDisruptionBudget.minAvailable", 1));

    PodDisruptionBudget generator = manifests.forComponent(PodDisruptionBudget.class, "generator");
    assertThat(generator.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(generator.getSpec().getMaxUnavailable()).isNull();
  }
}
