package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json and the chart's own checks turn bad values away, naming what is wrong. */
class ValuesSchemaTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(Values.defaults().set("generator.replicas", -1), "generator.replicas"),
        Arguments.of(Values.defaults().set("retriever.image.tag", "latest"), "retriever.image.tag"),
        Arguments.of(
            Values.defaults().set("worker.image.digest", "sha256:short"), "worker.image.digest"),
        Arguments.of(Values.defaults().set("worker.gpus", 17), "worker.gpus"),
        Arguments.of(
            Values.defaults().set("worker.gpuResourceName", "gpu"), "worker.gpuResourceName"),
        Arguments.of(
            Values.defaults().yaml("worker: {labels: {metarag.dev/job-id: x}}"), "worker.labels"),
        Arguments.of(
            Values.defaults().yaml("worker: {nodeSelector: {pool: gpu nodes}}"),
            "worker.nodeSelector"),
        Arguments.of(Values.defaults().set("worker.cacheSizeLimit", "lots"), "cacheSizeLimit"),
        Arguments.of(
            Values.defaults().set("retriever.solr.commitPolicy", "soft-commit"),
            "retriever.solr.commitPolicy"),
        Arguments.of(
            Values.defaults().set("retriever.solr.zkHosts", "http://zk:2181"),
            "retriever.solr.zkHosts"),
        Arguments.of(Values.defaults().set("retriever.solr.shards", 0), "retriever.solr.shards"),
        Arguments.of(
            Values.defaults().set("sharedStorage.accessMode", "ReadOnlyMany"),
            "sharedStorage.accessMode"),
        Arguments.of(Values.defaults().set("generator.resources.limits.memory", "lots"), "memory"),
        Arguments.of(
            Values.defaults().set("containerSecurityContext.readOnlyRootFilesystem", false),
            "readOnlyRootFilesystem"),
        Arguments.of(
            Values.defaults().set("podSecurityContext.runAsNonRoot", false), "runAsNonRoot"),
        Arguments.of(Values.defaults().set("tls.enabled", true), "tls.secretName"),
        Arguments.of(Values.defaults().set("auth.enabled", true), "auth.secretName"),
        Arguments.of(
            Values.defaults().set("auth.enabled", true).set("auth.secretName", "keys"),
            "auth.clientKeySecretName"),
        Arguments.of(Values.defaults().set("retrievr.replicas", 1), "retrievr"),
        Arguments.of(
            Values.defaults().set("metaTrainer.kubernetesExecutor.workerEnv.bad-name", "x"),
            "bad-name"),
        Arguments.of(
            Values.of("tls-auth").set("tls.probePort", 8102),
            "tls.probePort 8102 is generator.port"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void areRejectedWithTheFieldNamed(Values values, String named) {
    assertThatThrownBy(() -> Chart.template(values)).hasMessageContaining(named);
  }
}
