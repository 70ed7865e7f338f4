package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.adapter.config.AdapterConfig;
import dev.metarag.generator.config.GeneratorConfig;
import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import dev.metarag.k8s.support.ServiceSettings;
import dev.metarag.retriever.config.RetrieverConfig;
import dev.metarag.retriever.config.SolrSettings;
import dev.metarag.trainer.config.TrainerConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The environment the chart gives each pod, read by the service's own configuration mapping: each
 * value reaches the setting it is meant for, and every directory a service writes or reads is on a
 * volume its pod mounts.
 */
class ServiceSettingsTest {
  private final Manifests defaults = Chart.render(Values.defaults());

  private static <T> T bind(Manifests manifests, String component, Class<T> mapping) {
    return ServiceSettings.bind(manifests, manifests.deployment(component), mapping);
  }

  @Test
  void theRetrieverPointsAtAnExistingSolrCloudWithItsShardsReplicasAndCommitPolicy() {
    Manifests solr = Chart.render(Values.of("solrcloud"));
    SolrSettings settings = bind(solr, "retriever", RetrieverConfig.class).solr();

    assertThat(settings.zkHosts())
        .contains(
            "solr-zookeeper-0.solr-zookeeper-headless.solr:2181,"
                + "solr-zookeeper-1.solr-zookeeper-headless.solr:2181/solr");
    assertThat(settings.urls()).isEmpty();
    assertThat(settings.shards()).isEqualTo(2);
    assertThat(settings.replicas()).isEqualTo(2);
    assertThat(settings.commitPolicy()).isEqualTo(SolrSettings.CommitPolicy.COMMIT_WITHIN);
    assertThat(settings.commitWithinMillis()).isEqualTo(2000);
    assertThat(settings.collectionPrefix()).isEqualTo("rag_");
    assertThat(settings.requestTimeoutMillis()).isEqualTo(120000);
  }

  @Test
  void solrNodeUrlsAreAListAndNoClusterIsConfiguredByDefault() {
    Manifests urls =
        Chart.render(
            Values.defaults()
                .set("retriever.solr.urls[0]", "http://solr-0.solr:8983/solr")
                .set("retriever.solr.urls[1]", "http://solr-1.solr:8983/solr"));

    assertThat(bind(urls, "retriever", RetrieverConfig.class).solr().urls())
        .contains(List.of("http://solr-0.solr:8983/solr", "http://solr-1.solr:8983/solr"));
    SolrSettings none = bind(defaults, "retriever", RetrieverConfig.class).solr();
    assertThat(none.zkHosts()).isEmpty();
    assertThat(none.urls()).isEmpty();
    assertThat(none.commitPolicy()).isEqualTo(SolrSettings.CommitPolicy.HARD_COMMIT);
  }

  @Test
  void theRetrieverKeepsItsCollectionsOnItsOwnClaim() {
    RetrieverConfig config = bind(defaults, "retriever", RetrieverConfig.class);

    assertThat(config.maxDocumentChars()).isEqualTo(1_000_000);
    assertThat(mountOf(defaults, "retriever", config.dataDir()))
        .hasValueSatisfying(
            m -> {
              assertThat(m.getName()).isEqualTo("data");
              assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            });
  }

  @Test
  void theGeneratorReadsTheSharedRegistryAndCallsTheRetrieversService() {
    Manifests manifests =
        Chart.render(
            Values.defaults()
                .set("generator.settings.defaultVersion", "theta0-3")
                .set("generator.settings.retrieverDeadline", "2s")
                .yaml("generator: {settings: {minConfidence: 0.25}}"));
    GeneratorConfig config = bind(manifests, "generator", GeneratorConfig.class);

    assertThat(config.retriever()).isEqualTo("metarag-retriever:8101");
    assertThat(config.defaultVersion()).contains("theta0-3");
    assertThat(config.retrieverDeadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.minConfidence()).isEqualTo(0.25);
    assertThat(config.registryPollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(mountOf(manifests, "generator", config.registryDir()))
        .hasValueSatisfying(m -> assertThat(m.getName()).isEqualTo("shared"));
  }

  @Test
  void theAdapterWritesTheRegistryTheTrainerWritesAndTheRetrieverReads() {
    AdapterConfig adapter = bind(defaults, "adapter", AdapterConfig.class);
    TrainerConfig trainer = bind(defaults, "meta-trainer", TrainerConfig.class);

    assertThat(adapter.registryDir()).isEqualTo(trainer.registryDir());
    assertThat(adapter.retriever()).isEqualTo("metarag-retriever:8101");
    assertThat(adapter.sharedData()).isEqualTo(trainer.sharedData());
    assertThat(mountOf(defaults, "adapter", adapter.registryDir()))
        .hasValueSatisfying(m -> assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE));
    // SetQueryEncoder names a package by its path in the registry: the retriever sees it there,
    // and takes packages from nowhere else.
    assertThat(bind(defaults, "retriever", RetrieverConfig.class).registryDir())
        .isEqualTo(adapter.registryDir());
    assertThat(mountOf(defaults, "retriever", adapter.registryDir()))
        .hasValueSatisfying(
            m -> {
              assertThat(m.getName()).isEqualTo("shared");
              assertThat(m.getReadOnly()).isTrue();
            });
  }

  @Test
  void theAdapterAndTheTrainerReadDataSetFilesFromOneFolderOnTheSharedClaim() {
    AdapterConfig adapter = bind(defaults, "adapter", AdapterConfig.class);
    TrainerConfig trainer = bind(defaults, "meta-trainer", TrainerConfig.class);

    assertThat(adapter.dataRoot()).isEqualTo(trainer.dataRoot());
    assertThat(adapter.dataRoot()).isNotEqualTo(adapter.registryDir());
    for (String component : new String[] {"adapter", "meta-trainer"}) {
      assertThat(mountOf(defaults, component, adapter.dataRoot()))
          .as(component)
          .hasValueSatisfying(m -> assertThat(m.getName()).isEqualTo("shared"));
    }
  }

  @Test
  void theTrainersJobsAndRegistryShareOneClaimSoThatTheta0MovesByRenaming() {
    TrainerConfig trainer = bind(defaults, "meta-trainer", TrainerConfig.class);

    VolumeMount data = mountOf(defaults, "meta-trainer", trainer.dataDir()).orElseThrow();
    VolumeMount registry = mountOf(defaults, "meta-trainer", trainer.registryDir()).orElseThrow();
    assertThat(data.getName()).isEqualTo(registry.getName()).isEqualTo("shared");
    assertThat(trainer.kubernetes().serviceMountPath()).contains(Path.of(data.getMountPath()));
    assertThat(trainer.dataDir().startsWith(trainer.kubernetes().serviceMountPath().orElseThrow()))
        .as("job directories under the mount shared with the workers")
        .isTrue();
  }

  @Test
  void theTrainerRunsItsWorkersInItsOwnNamespaceOnTheSharedClaim() {
    TrainerConfig.Kubernetes k = bind(defaults, "meta-trainer", TrainerConfig.class).kubernetes();

    assertThat(k.enabled()).isTrue();
    assertThat(k.namespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(k.volumeClaim()).isEqualTo("metarag-shared");
    assertThat(k.command()).containsExactly("/opt/metarag/bin/meta-trainer-worker");
    assertThat(k.defaultCpu()).isEqualTo("4");
    assertThat(k.defaultMemory()).isEqualTo("16Gi");
    assertThat(k.env()).containsExactlyEntriesOf(Map.of("OMP_WAIT_POLICY", "PASSIVE"));
    // The worker defaults: the release's pinned worker image and account, on the CPU.
    assertThat(k.defaultImage()).contains("registry.example.com/metarag/meta-trainer-worker:0.1.0");
    assertThat(k.defaultGpus()).isZero();
    assertThat(k.defaultServiceAccount()).contains("metarag-worker");
    assertThat(k.defaultNodeSelector()).isEmpty();
    assertThat(k.defaultTolerations()).contains("[]");
    assertThat(k.defaultLabels()).isEmpty();
    assertThat(k.podSecurity().runAsUser()).contains(10001L);
    assertThat(k.podSecurity().runAsGroup()).contains(10001L);
    assertThat(k.podSecurity().fsGroup()).contains(10001L);
    assertThat(k.podSecurity().readOnlyRootFilesystem()).isTrue();
    assertThat(k.cacheSizeLimit()).contains("2Gi");
    assertThat(k.tmpSizeLimit()).contains("1Gi");
  }

  @Test
  void theWorkerValuesBecomeTheTrainersWorkerDefaultsDottedKeysIncluded() {
    Manifests gpu = Chart.render(Values.of("gpu-training"));
    TrainerConfig.Kubernetes k = bind(gpu, "meta-trainer", TrainerConfig.class).kubernetes();

    assertThat(k.defaultGpus()).isEqualTo(1);
    assertThat(k.defaultGpuResourceName()).isEqualTo("nvidia.com/gpu");
    // worker.cpu / worker.memory win over metaTrainer.kubernetesExecutor's defaults.
    assertThat(k.defaultCpu()).isEqualTo("8");
    assertThat(k.defaultMemory()).isEqualTo("24Gi");
    // Keys with dots and slashes reach the map through the mounted application.properties.
    assertThat(k.defaultNodeSelector())
        .containsExactlyEntriesOf(Map.of("nvidia.com/gpu.present", "true"));
    assertThat(k.defaultLabels()).containsExactlyEntriesOf(Map.of("team", "ml-platform"));
    assertThat(k.defaultTolerations())
        .contains(
            "[{\"effect\":\"NoSchedule\",\"key\":\"nvidia.com/gpu\",\"operator\":\"Exists\"}]");
    assertThat(k.defaultBackoffLimit()).isEqualTo(6);
    assertThat(k.defaultActiveDeadlineSeconds()).isEqualTo(86400L);
    assertThat(k.cacheSizeLimit()).contains("4Gi");
  }

  @Test
  void tolerationSecondsAndOddLabelKeysSurviveTheTrip() {
    Manifests manifests =
        Chart.render(
            Values.defaults()
                .yaml(
                    """
                    worker:
                      tolerations:
                        - {key: spot, operator: Equal, value: "true", effect: NoExecute, tolerationSeconds: 3600}
                      labels: {example.com/cost-center: cc-42, app.kubernetes.io/part-of: metarag}
                      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-l4}
                    """));
    TrainerConfig.Kubernetes k = bind(manifests, "meta-trainer", TrainerConfig.class).kubernetes();

    assertThat(k.defaultTolerations())
        .contains(
            "[{\"effect\":\"NoExecute\",\"key\":\"spot\",\"operator\":\"Equal\","
                + "\"tolerationSeconds\":3600,\"value\":\"true\"}]");
    assertThat(k.defaultLabels())
        .containsOnly(
            Map.entry("example.com/cost-center", "cc-42"),
            Map.entry("app.kubernetes.io/part-of", "metarag"));
    assertThat(k.defaultNodeSelector())
        .containsExactlyEntriesOf(Map.of("cloud.google.com/gke-accelerator", "nvidia-l4"));
  }

  @Test
  void workerEnvironmentKeepsUpperCaseNamesAndOddValues() {
    Manifests manifests =
        Chart.render(
            Values.defaults()
                .set("metaTrainer.kubernetesExecutor.workerEnv.JAVA_OPTS", "-Xss2m -Da=b=c")
                .set("metaTrainer.kubernetesExecutor.workerEnv.METARAG_WORKER_THREADS", "6"));

    assertThat(bind(manifests, "meta-trainer", TrainerConfig.class).kubernetes().env())
        .containsEntry("JAVA_OPTS", "-Xss2m -Da=b=c")
        .containsEntry("METARAG_WORKER_THREADS", "6")
        .containsEntry("OMP_WAIT_POLICY", "PASSIVE");
  }

  @Test
  void wholeNumbersReachTheServicesWithoutExponents() {
    Map<String, String> env =
        ServiceSettings.environment(defaults, defaults.deployment("retriever"));

    assertThat(env)
        .containsEntry("METARAG_RETRIEVER_MAX_DOCUMENT_CHARS", "1000000")
        .containsEntry("QUARKUS_GRPC_SERVER_MAX_INBOUND_MESSAGE_SIZE", "16777216");
  }

  /** The container's mount that holds the path, the deepest one. */
  static Optional<VolumeMount> mountOf(Manifests manifests, String component, Path path) {
    Deployment deployment = manifests.deployment(component);
    Container c = ServiceSettings.container(deployment);
    return c.getVolumeMounts().stream()
        .filter(m -> path.startsWith(Path.of(m.getMountPath())))
        .max((a, b) -> a.getMountPath().length() - b.getMountPath().length());
  }
}
