package dev.metarag.trainer.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import dev.metarag.k8s.support.ServiceSettings;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.WorkerLaunch;
import dev.metarag.trainer.executor.WorkerListener;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's Role for the meta-trainer, checked against what the trainer's KUBERNETES executor
 * really asks of the API server: the executor, configured from the chart, runs a job to completion
 * and attaches to and cancels another (as after a restart) against fabric8's mock API server; every
 * request it sent, as an RBAC verb on a resource, must be granted, and every grant must have been
 * used. The test's own requests (playing the Job controller and the kubelet) go through a second
 * client with its own User-Agent and are left out.
 */
@EnableKubernetesMockClient(crud = true)
class TrainerRoleCoversExecutorCallsTest {
  private static final String CONTROLLER_AGENT = "metarag-test-controller";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Pattern RESOURCE_PATH =
      Pattern.compile(
          "^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?");

  KubernetesClient client;
  KubernetesMockServer server;

  private final Manifests manifests = Chart.render(Values.of("gpu-training"));
  private final TrainerConfig config =
      ServiceSettings.bind(manifests, manifests.deployment("meta-trainer"), TrainerConfig.class);

  @Test
  void everyRequestOfTheExecutorIsGrantedAndEveryGrantIsUsed() throws InterruptedException {
    KubernetesClient controller =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withUserAgent(CONTROLLER_AGENT)
                    .build())
            .build();
    int before = server.getRequestCount();

    // A job runs to completion.
    KubernetesExecutor executor = executor();
    Recorder first = new Recorder();
    executor.start(launch("mt-1"), first);
    String name = JobNames.jobName("mt-1");
    await().atMost(WAIT).until(() -> job(controller, name) != null);
    // What the API server stored: the chart's GPU worker values, on a confined pod.
    PodSpec pod = job(controller, name).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().getFirst().getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey)
        .containsExactly("nvidia.com/gpu");
    assertThat(pod.getServiceAccountName()).isEqualTo("metarag-worker");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getContainers().getFirst().getSecurityContext().getReadOnlyRootFilesystem())
        .isTrue();
    controller
        .pods()
        .inNamespace(Chart.NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name + "-abcde")
                .withLabels(Map.of(WorkerJobBuilder.LABEL_JOB_ID, "mt-1", "job-name", name))
                .endMetadata()
                .withStatus(new PodStatusBuilder().withPhase("Running").build())
                .build())
        .create();
    await().atMost(WAIT).until(() -> first.events.contains("running"));
    controller
        .batch()
        .v1()
        .jobs()
        .inNamespace(Chart.NAMESPACE)
        .withName(name)
        .editStatus(
            j ->
                new JobBuilder(j)
                    .withNewStatus()
                    .addNewCondition()
                    .withType("Complete")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());
    await().atMost(WAIT).until(() -> first.events.contains("finished true"));

    // Another job is started, the service restarts, attaches to its Job, and cancels it.
    executor.start(launch("mt-2"), new Recorder());
    await().atMost(WAIT).until(() -> job(controller, JobNames.jobName("mt-2")) != null);
    executor.shutdown();
    KubernetesExecutor restarted = executor();
    restarted.start(launch("mt-2"), new Recorder());
    await().atMost(WAIT).until(() -> restarted.watching("mt-2"));
    restarted.stop("mt-2");
    await().atMost(WAIT).until(() -> job(controller, JobNames.jobName("mt-2")) == null);
    restarted.shutdown();

    Set<String> used = new TreeSet<>();
    int requests = server.getRequestCount() - before;
    for (int i = 0; i < requests; i++) {
      RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
      if (request != null && !CONTROLLER_AGENT.equals(request.getHeader("User-Agent"))) {
        used.add(permission(request));
      }
    }
    Set<String> granted = granted(manifests.forComponent(Role.class, "meta-trainer"));

    assertThat(used).as("requests of the executor").isNotEmpty();
    assertThat(granted).as("granted by the Role").containsAll(used);
    assertThat(used).as("grants the executor used").containsAll(granted);
  }

  private KubernetesExecutor executor() {
    return new KubernetesExecutor(config.kubernetes(), config.dataDir(), () -> client);
  }

  /** A job that sends no Kubernetes options: the chart's worker values are the trainer's. */
  private WorkerLaunch launch(String jobId) {
    return ChartWorkerJobTest.launch(manifests, jobId, null);
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.Job job(KubernetesClient c, String name) {
    return c.batch().v1().jobs().inNamespace(Chart.NAMESPACE).withName(name).get();
  }

  /** "verb group/resource[/subresource]" of an API request, as RBAC names it. */
  static String permission(RecordedRequest request) {
    String path = request.getPath();
    Matcher m = RESOURCE_PATH.matcher(path);
    if (!m.find()) {
      throw new AssertionError(
          "not a namespaced resource request: " + request.getMethod() + " " + path);
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(2);
    boolean named = m.group(3) != null;
    String subresource = m.group(4);
    String verb =
        switch (request.getMethod()) {
          case "GET" -> !named ? (path.contains("watch=true") ? "watch" : "list") : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> throw new AssertionError("unexpected method " + request.getMethod());
        };
    return verb + " " + group + "/" + resource + (subresource == null ? "" : "/" + subresource);
  }

  static Set<String> granted(Role role) {
    Set<String> granted = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(verb + " " + group + "/" + resource);
          }
        }
      }
    }
    return granted;
  }

  /** Writes down the listener calls. */
  static final class Recorder implements WorkerListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void running() {
      events.add("running");
    }

    @Override
    public void restarting(String reason) {
      events.add("restarting");
    }

    @Override
    public void finished(boolean succeeded, String message) {
      events.add("finished " + succeeded);
    }
  }
}
