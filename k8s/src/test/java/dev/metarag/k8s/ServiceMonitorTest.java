package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Prometheus Operator's ServiceMonitor: only when asked, for the four services' /q/metrics. */
class ServiceMonitorTest {

  @Test
  void thereIsNoneByDefault() {
    assertThat(Chart.render(Values.defaults()).generic("ServiceMonitor")).isEmpty();
  }

  @Test
  void whenEnabledItScrapesQMetricsOfExactlyTheFourServices() {
    Manifests manifests = Chart.render(Values.of("monitoring"));

    GenericKubernetesResource monitor = single(manifests);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    List<String> selected =
        manifests.services().stream()
            .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
            .map(s -> s.getMetadata().getName())
            .sorted()
            .toList();
    assertThat(selected)
        .containsExactly(
            "metarag-adapter", "metarag-generator", "metarag-meta-trainer", "metarag-retriever");
    Map<String, Object> endpoint = endpoint(monitor);
    assertThat(endpoint)
        .containsEntry("path", "/q/metrics")
        .containsEntry("scheme", "http")
        .containsEntry("interval", "15s");
    for (Service service : manifests.services()) {
      assertThat(service.getSpec().getPorts())
          .extracting(p -> p.getName())
          .contains((String) endpoint.get("port"));
    }
  }

  @Test
  void withTlsItScrapesOverHttpsWithTheGivenTlsConfig() {
    Manifests manifests =
        Chart.render(
            Values.of("monitoring", "tls-auth")
                .set("serviceMonitor.tlsConfig.serverName", "metarag.ml-prod.svc"));

    assertThat(endpoint(single(manifests)))
        .containsEntry("scheme", "https")
        .containsEntry("tlsConfig", Map.of("serverName", "metarag.ml-prod.svc"));
  }

  private static GenericKubernetesResource single(Manifests manifests) {
    List<GenericKubernetesResource> monitors = manifests.generic("ServiceMonitor");
    assertThat(monitors).hasSize(1);
    return monitors.getFirst();
  }

  private static Map<String, Object> endpoint(GenericKubernetesResource monitor) {
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints).hasSize(1);
    return endpoints.getFirst();
  }
}
