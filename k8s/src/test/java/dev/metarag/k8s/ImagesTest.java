package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import dev.metarag.k8s.support.Paths;
import dev.metarag.k8s.support.ServiceSettings;
import dev.metarag.trainer.config.TrainerConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles agree with the chart: user, port, working directory (where the chart mounts
 * config/), and the worker command the trainer's Jobs run. (The images themselves are not built
 * here: there is no container engine.)
 */
class ImagesTest {
  private static final Pattern PINNED_TEMURIN_25_JRE =
      Pattern.compile("(?m)^FROM eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jre-[a-z]+$");
  private static final Map<String, String> MODULES =
      Map.of(
          "retriever", "retriever-service",
          "generator", "generator-service",
          "meta-trainer", "meta-trainer-service",
          "adapter", "adapter-service");

  private final Manifests defaults = Chart.render(Values.defaults());

  private static String read(Path file) throws IOException {
    assertThat(file).isRegularFile();
    return Files.readString(file);
  }

  private static String instruction(String dockerfile, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " (.+)$").matcher(dockerfile);
    assertThat(m.find()).as(name + " in the Dockerfile").isTrue();
    return m.group(1).strip();
  }

  @Test
  void eachServiceImageRunsQuarkusAsTheChartsUserOnTheChartsPort() throws IOException {
    for (Map.Entry<String, String> service : MODULES.entrySet()) {
      String dockerfile =
          read(Paths.repository().resolve(service.getValue() + "/src/main/docker/Dockerfile.jvm"));
      Deployment deployment = defaults.deployment(service.getKey());
      long uid = deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
      int port = ServiceSettings.container(deployment).getPorts().getFirst().getContainerPort();

      assertThat(dockerfile).as(service.getValue()).containsPattern(PINNED_TEMURIN_25_JRE);
      assertThat(instruction(dockerfile, "USER")).isEqualTo(uid + ":" + uid);
      assertThat(instruction(dockerfile, "EXPOSE")).isEqualTo(String.valueOf(port));
      assertThat(Path.of(instruction(dockerfile, "WORKDIR")).resolve("config"))
          .isEqualTo(Path.of(ServiceSettings.CONFIG_DIR));
      assertThat(dockerfile).contains("COPY target/quarkus-app/lib/ /deployments/lib/");
      assertThat(instruction(dockerfile, "ENTRYPOINT"))
          .isEqualTo("[\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]");
      assertThat(dockerfile).contains("--add-modules=jdk.incubator.vector");
    }
  }

  @Test
  void theWorkerImageHoldsTheCommandTheTrainersJobsRun() throws IOException {
    Path module = Paths.repository().resolve("meta-trainer-worker");
    String dockerfile = read(module.resolve("src/main/docker/Dockerfile"));
    String command =
        ServiceSettings.environment(defaults, defaults.deployment("meta-trainer"))
            .get("METARAG_TRAINER_KUBERNETES_COMMAND");
    long uid =
        defaults
            .deployment("meta-trainer")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getSecurityContext()
            .getRunAsUser();

    assertThat(dockerfile).containsPattern(PINNED_TEMURIN_25_JRE);
    assertThat(dockerfile)
        .contains("COPY target/worker/ /opt/metarag/worker/")
        .contains("COPY src/main/docker/meta-trainer-worker.sh " + command);
    assertThat(instruction(dockerfile, "USER")).isEqualTo(uid + ":" + uid);
    assertThat(module.resolve("src/main/docker/meta-trainer-worker.sh")).isExecutable();
    // The worker pods run as the image's user and have their emptyDir where DJL's cache is.
    TrainerConfig.Kubernetes k =
        ServiceSettings.bind(defaults, defaults.deployment("meta-trainer"), TrainerConfig.class)
            .kubernetes();
    assertThat(k.podSecurity().runAsUser()).contains(uid);
    assertThat(dockerfile)
        .contains("DJL_CACHE_DIR=" + k.cacheDir())
        .contains("ENGINE_CACHE_DIR=" + k.cacheDir());
    assertThat(List.of(command)).containsExactly("/opt/metarag/bin/meta-trainer-worker");
  }

  @Test
  void theCudaVariantKeepsItsLibtorchOutsideTheVolumesTheWorkerPodsMount() throws IOException {
    String cuda =
        read(Paths.repository().resolve("meta-trainer-worker/src/main/docker/Dockerfile.cuda"));
    TrainerConfig.Kubernetes k =
        ServiceSettings.bind(defaults, defaults.deployment("meta-trainer"), TrainerConfig.class)
            .kubernetes();
    Matcher library = Pattern.compile("PYTORCH_LIBRARY_PATH=(\\S+)").matcher(cuda);

    assertThat(library.find()).as("PYTORCH_LIBRARY_PATH in Dockerfile.cuda").isTrue();
    Path libtorch = Path.of(library.group(1));
    // An emptyDir mounted over it would hide the libtorch the image carries.
    for (String mounted : List.of(k.cacheDir(), "/tmp", k.mountPath())) {
      assertThat(libtorch.startsWith(mounted)).as(libtorch + " under " + mounted).isFalse();
    }
    assertThat(cuda)
        .contains("COPY libtorch/lib/ " + libtorch + "/")
        .contains("PYTORCH_VERSION=2.7.1")
        .contains("PYTORCH_FLAVOR=cu128")
        .contains("rm -f /opt/metarag/worker/lib/pytorch-native-cpu-*.jar")
        .contains("NOT BUILT OR RUN");
    // The last USER: the image ends as the worker pods' user, not root.
    Matcher user = Pattern.compile("(?m)^USER (.+)$").matcher(cuda);
    String lastUser = null;
    while (user.find()) {
      lastUser = user.group(1).strip();
    }
    assertThat(lastUser)
        .isEqualTo(
            k.podSecurity().runAsUser().orElseThrow()
                + ":"
                + k.podSecurity().runAsGroup().orElseThrow());
  }
}
