package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import dev.metarag.k8s.support.ServiceSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * TLS and API keys: the Secrets are mounted read-only where the variables say, in every service;
 * the service's port becomes the TLS port and the kubelet's gRPC probes (which have no TLS) move to
 * a plaintext port that no Service exposes.
 */
class TlsAndApiKeysTest {
  private static final Map<String, Integer> PORTS =
      Map.of("retriever", 8101, "generator", 8102, "meta-trainer", 8103, "adapter", 8104);

  private final Manifests secured = Chart.render(Values.of("tls-auth"));

  @Test
  void everyServiceServesTlsWithTheMountedCertificateOnItsOwnPort() {
    for (String component : Manifests.SERVICES) {
      Deployment d = secured.deployment(component);
      Map<String, String> env = ServiceSettings.environment(secured, d);

      assertThat(env)
          .as(component)
          .containsEntry("QUARKUS_HTTP_SSL_PORT", String.valueOf(PORTS.get(component)))
          .containsEntry("QUARKUS_HTTP_PORT", "9000");
      assertFileFromSecret(
          d, env.get("QUARKUS_HTTP_SSL_CERTIFICATE_FILES"), "metarag-tls", "tls.crt");
      assertFileFromSecret(
          d, env.get("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES"), "metarag-tls", "tls.key");
    }
  }

  @Test
  void everyServiceChecksApiKeysFromTheMountedKeysFile() {
    for (String component : Manifests.SERVICES) {
      Deployment d = secured.deployment(component);
      Map<String, String> env = ServiceSettings.environment(secured, d);

      assertThat(env).as(component).containsEntry("METARAG_AUTH_ENABLED", "true");
      assertFileFromSecret(d, env.get("METARAG_AUTH_KEYS_FILE"), "metarag-api-keys", "keys.txt");
    }
  }

  @Test
  void theServicesThatCallTheRetrieverDoSoOverTlsWithTheirOwnApiKey() {
    for (String caller : List.of("generator", "adapter", "meta-trainer")) {
      Deployment d = secured.deployment(caller);
      Map<String, String> env = ServiceSettings.environment(secured, d);

      assertThat(env).as(caller).containsEntry("METARAG_CLIENT_TLS_ENABLED", "true");
      assertFileFromSecret(d, env.get("METARAG_CLIENT_TLS_CA_FILE"), "metarag-tls", "ca.crt");
      assertFileFromSecret(
          d, env.get("METARAG_CLIENT_API_KEY_FILE"), "metarag-client-key", "api-key");
    }
    assertThat(ServiceSettings.environment(secured, secured.deployment("retriever")))
        .as("the retriever calls no other service")
        .doesNotContainKeys("METARAG_CLIENT_TLS_ENABLED", "METARAG_CLIENT_API_KEY_FILE");
  }

  @Test
  void probesUseThePlaintextPortWhichNoServiceExposes() {
    for (String component : Manifests.SERVICES) {
      Container c = ServiceSettings.container(secured.deployment(component));
      Service service = secured.forComponent(Service.class, component);

      assertThat(c.getPorts())
          .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("grpc", PORTS.get(component)),
              org.assertj.core.groups.Tuple.tuple("probe", 9000));
      assertThat(c.getReadinessProbe().getGrpc().getPort()).isEqualTo(9000);
      assertThat(c.getLivenessProbe().getGrpc().getPort()).isEqualTo(9000);
      assertThat(c.getStartupProbe().getGrpc().getPort()).isEqualTo(9000);
      assertThat(service.getSpec().getPorts())
          .singleElement()
          .satisfies(p -> assertThat(p.getPort()).isEqualTo(PORTS.get(component)));
    }
  }

  @Test
  void withoutThemNothingIsMountedAndTheServicePortIsPlaintext() {
    Manifests plain = Chart.render(Values.defaults());

    for (String component : Manifests.SERVICES) {
      Deployment d = plain.deployment(component);
      Map<String, String> env = ServiceSettings.environment(plain, d);

      assertThat(env)
          .as(component)
          .doesNotContainKeys(
              "QUARKUS_HTTP_SSL_CERTIFICATE_FILES",
              "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES",
              "QUARKUS_HTTP_SSL_PORT",
              "METARAG_AUTH_ENABLED",
              "METARAG_AUTH_KEYS_FILE",
              "METARAG_CLIENT_TLS_ENABLED",
              "METARAG_CLIENT_TLS_CA_FILE",
              "METARAG_CLIENT_API_KEY_FILE")
          .containsEntry("QUARKUS_HTTP_PORT", String.valueOf(PORTS.get(component)));
      assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
          .extracting(Volume::getSecret)
          .allMatch(s -> s == null);
      assertThat(ServiceSettings.container(d).getReadinessProbe().getGrpc().getPort())
          .isEqualTo(PORTS.get(component));
    }
  }

  /** The file is the Secret's key, mounted read-only into the container. */
  private static void assertFileFromSecret(
      Deployment d, String file, String secretName, String secretKey) {
    assertThat(file).as("path of " + secretName + "/" + secretKey).isNotNull();
    Path path = Path.of(file);
    Container c = ServiceSettings.container(d);
    VolumeMount mount =
        c.getVolumeMounts().stream()
            .filter(m -> path.getParent().equals(Path.of(m.getMountPath())))
            .findFirst()
            .orElseThrow(() -> new AssertionError(file + " is on no mount"));
    assertThat(mount.getReadOnly()).isTrue();
    Volume volume =
        d.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getSecret()).as(mount.getName() + " is a Secret").isNotNull();
    assertThat(volume.getSecret().getSecretName()).isEqualTo(secretName);
    boolean keyIsTheFile =
        Optional.ofNullable(volume.getSecret().getItems())
            .filter(items -> !items.isEmpty())
            .map(
                items ->
                    items.stream()
                        .anyMatch(
                            i ->
                                i.getKey().equals(secretKey)
                                    && i.getPath().equals(path.getFileName().toString())))
            .orElse(secretKey.equals(path.getFileName().toString()));
    assertThat(keyIsTheFile).as(file + " is " + secretName + "'s " + secretKey).isTrue();
  }
}
