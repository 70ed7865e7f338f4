package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import dev.metarag.k8s.support.WorkloadInvariants;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every value set renders four workloads that pass the same checks. */
class WorkloadsTest {

  static Stream<Values> valueSets() {
    return Stream.of(
        Values.defaults(),
        Values.of("gpu-training"),
        Values.of("solrcloud"),
        Values.of("tls-auth"),
        Values.of("monitoring"),
        Values.of("small-cluster"),
        Values.of("gpu-training", "solrcloud", "tls-auth", "monitoring"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyContainerIsProbedBoundedPinnedAndUnprivileged(Values values) {
    WorkloadInvariants.check(Chart.render(values));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyServiceSelectsExactlyItsOwnPods(Values values) {
    Manifests manifests = Chart.render(values);

    for (String component : Manifests.SERVICES) {
      Service service = manifests.forComponent(Service.class, component);
      Deployment deployment = manifests.deployment(component);
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

      assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
      assertThat(podLabels)
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
      for (String other : Manifests.SERVICES) {
        if (!other.equals(component)) {
          Map<String, String> otherPods =
              manifests.deployment(other).getSpec().getTemplate().getMetadata().getLabels();
          assertThat(otherPods.entrySet().containsAll(service.getSpec().getSelector().entrySet()))
              .as(component + "'s Service must not select " + other + "'s pods")
              .isFalse();
        }
      }
      assertThat(service.getSpec().getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getName()).isEqualTo("grpc");
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("grpc");
              });
    }
  }
}
