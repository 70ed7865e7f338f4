package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Kustomize;
import dev.metarag.k8s.support.Manifests;
import dev.metarag.k8s.support.Paths;
import dev.metarag.k8s.support.ServiceSettings;
import dev.metarag.k8s.support.WorkloadInvariants;
import dev.metarag.retriever.config.RetrieverConfig;
import dev.metarag.retriever.config.SolrSettings;
import dev.metarag.trainer.config.TrainerConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The kustomize manifests: the base is the chart's own rendering (so the two cannot drift), and
 * what `kubectl kustomize` makes of the base and the overlays passes the chart's checks. The latter
 * needs kubectl on the PATH and is skipped, saying so, without it.
 */
class KustomizeTest {
  static final String NAMESPACE = "metarag";
  static final String HEADER =
      """
      # Generated from k8s/helm/metarag with the default values (release "metarag", helmLabels=false).
      # Do not edit: change the chart, then run
      #   mvn -pl k8s test -Dtest=KustomizeTest -Dmetarag.k8s.regenerate=true
      """;

  private static String expectedBase() {
    return HEADER + Chart.template(Values.defaults().set("helmLabels", false), NAMESPACE);
  }

  @Test
  void theBaseIsTheChartRenderedWithItsDefaults() throws IOException {
    Path base = Paths.kustomize().resolve("base/metarag.yaml");
    if (Boolean.getBoolean("metarag.k8s.regenerate")) {
      Files.writeString(base, expectedBase());
    }

    assertThat(Files.readString(base))
        .as(base + " is out of date: regenerate it as its first lines say")
        .isEqualTo(expectedBase());
    assertThat(Manifests.parse(Files.readString(base)).all())
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .as(o.getKind() + "/" + o.getMetadata().getName())
                    .doesNotContainKeys("helm.sh/chart", "app.kubernetes.io/managed-by"));
  }

  private static Manifests kustomize(String kustomization) {
    assumeTrue(
        Kustomize.kubectl().isPresent(),
        "kubectl is not on the PATH: the kustomize manifests are not rendered or checked");
    return Kustomize.build(kustomization);
  }

  @Test
  void theBasePassesTheWorkloadChecksInItsNamespace() {
    Manifests base = kustomize("base");

    WorkloadInvariants.check(base);
    assertThat(base.all())
        .extracting(HasMetadata::getMetadata)
        .allSatisfy(m -> assertThat(m.getNamespace()).isEqualTo(NAMESPACE));
    assertThat(
            ServiceSettings.bind(base, base.deployment("meta-trainer"), TrainerConfig.class)
                .kubernetes()
                .namespace())
        .isEqualTo(NAMESPACE);
  }

  @Test
  void theGpuTrainingOverlayGivesTheTrainerTheValueSetsWorkerDefaults() {
    Manifests gpu = kustomize("overlays/gpu-training");
    Manifests chart = Chart.render(Values.of("gpu-training"));

    WorkloadInvariants.check(gpu);
    TrainerConfig.Kubernetes overlay =
        ServiceSettings.bind(gpu, gpu.deployment("meta-trainer"), TrainerConfig.class).kubernetes();
    TrainerConfig.Kubernetes values =
        ServiceSettings.bind(chart, chart.deployment("meta-trainer"), TrainerConfig.class)
            .kubernetes();
    assertThat(overlay.defaultGpus()).isEqualTo(1).isEqualTo(values.defaultGpus());
    assertThat(overlay.defaultNodeSelector())
        .containsEntry("nvidia.com/gpu.present", "true")
        .isEqualTo(values.defaultNodeSelector());
    assertThat(overlay.defaultTolerations()).isEqualTo(values.defaultTolerations());
    assertThat(overlay.defaultCpu()).isEqualTo("8").isEqualTo(values.defaultCpu());
    assertThat(overlay.defaultMemory()).isEqualTo("24Gi").isEqualTo(values.defaultMemory());
    assertThat(overlay.defaultBackoffLimit()).isEqualTo(values.defaultBackoffLimit());
    assertThat(overlay.defaultActiveDeadlineSeconds())
        .isEqualTo(values.defaultActiveDeadlineSeconds());
    assertThat(overlay.defaultLabels()).isEqualTo(values.defaultLabels());
    assertThat(overlay.cacheSizeLimit()).isEqualTo(values.cacheSizeLimit());
    assertThat(overlay.env()).isEqualTo(values.env());
  }

  @Test
  void theSolrCloudOverlayPointsTheRetrieverAtTheCluster() {
    Manifests solr = kustomize("overlays/solrcloud");

    WorkloadInvariants.check(solr);
    SolrSettings settings =
        ServiceSettings.bind(solr, solr.deployment("retriever"), RetrieverConfig.class).solr();
    assertThat(settings.zkHosts()).hasValueSatisfying(z -> assertThat(z).endsWith("/solr"));
    assertThat(settings.shards()).isEqualTo(2);
    assertThat(settings.replicas()).isEqualTo(2);
    assertThat(settings.commitPolicy()).isEqualTo(SolrSettings.CommitPolicy.HARD_COMMIT);
  }
}
