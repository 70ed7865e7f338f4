package dev.metarag.trainer.executor.kubernetes;

import static dev.metarag.trainer.executor.kubernetes.TestSettings.DATA_DIR;
import static dev.metarag.trainer.executor.kubernetes.TestSettings.launch;
import static dev.metarag.trainer.executor.kubernetes.TestSettings.minimal;
import static dev.metarag.trainer.executor.kubernetes.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.trainer.executor.WorkerLaunch;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The KUBERNETES executor against fabric8's CRUD mock API server: the Job it creates, how Job and
 * pod states reach the listener, cancel, and attaching after a service restart. The test plays the
 * Job controller and the kubelet by writing pods and statuses.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesExecutorTest {
  private static final String NS = "ml";
  private static final Duration WAIT = Duration.ofSeconds(15);

  KubernetesClient client;
  KubernetesMockServer server;

  private final TestSettings.Recorder listener = new TestSettings.Recorder();
  private final List<KubernetesExecutor> executors = new ArrayList<>();

  @AfterEach
  void shutdown() {
    executors.forEach(KubernetesExecutor::shutdown);
  }

  private KubernetesExecutor executor() {
    KubernetesExecutor e = new KubernetesExecutor(settings(true), DATA_DIR, () -> client);
    executors.add(e);
    return e;
  }

  private Job job(String jobId) {
    return client.batch().v1().jobs().inNamespace(NS).withName(JobNames.jobName(jobId)).get();
  }

  /** A pod of the job's Job, as the Job controller would create it. */
  private Pod createPod(String jobId, String name) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withLabels(
                Map.of(WorkerJobBuilder.LABEL_JOB_ID, jobId, "job-name", JobNames.jobName(jobId)))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("worker")
            .withImage("registry.example.com/metarag-worker:0.1.0")
            .endContainer()
            .endSpec()
            .build();
    return client.pods().inNamespace(NS).resource(pod).create();
  }

  /** The kubelet's report on a pod. */
  private void podStatus(String name, PodStatus status) {
    client
        .pods()
        .inNamespace(NS)
        .withName(name)
        .editStatus(p -> new PodBuilder(p).withStatus(status).build());
  }

  private static PodStatus phase(String phase) {
    return new PodStatusBuilder().withPhase(phase).build();
  }

  /** The Job controller's verdict. */
  private void jobCondition(String jobId, String type, String reason, String message) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName(JobNames.jobName(jobId))
        .editStatus(
            j ->
                new JobBuilder(j)
                    .withNewStatus()
                    .addNewCondition()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .withMessage(message)
                    .endCondition()
                    .endStatus()
                    .build());
  }

  private void awaitEvents(String... expected) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(listener.events).containsExactly(expected));
  }

  @Test
  void availableOnlyWhenEnabledAndTheDataIsOnTheSharedVolume() {
    KubernetesExecutor disabled =
        new KubernetesExecutor(
            settings(false),
            DATA_DIR,
            () -> {
              throw new AssertionError("a disabled executor must not create a client");
            });
    assertThat(disabled.kind()).isEqualTo(ExecutorKind.EXECUTOR_KIND_KUBERNETES);
    assertThat(disabled.available()).isFalse();
    assertThat(disabled.unavailableReason())
        .contains("KUBERNETES")
        .contains("metarag.trainer.kubernetes.enabled=true");

    KubernetesExecutor offVolume =
        new KubernetesExecutor(settings(true), Path.of("/home/me/.metarag"), () -> client);
    assertThat(offVolume.available()).isFalse();
    assertThat(offVolume.unavailableReason())
        .contains("/home/me/.metarag")
        .contains("/srv/metarag")
        .contains("metarag.trainer.kubernetes.service-mount-path");

    assertThat(executor().available()).isTrue();
  }

  @Test
  void createsTheJobAndFollowsItsPodsToCompletion() {
    String id = "mt-20261130-0001";
    executor()
        .start(
            launch(id, minimal().setGpus(1).putNodeSelector("gpu", "l4").setBackoffLimit(3)),
            listener);

    Job created = job(id);
    assertThat(created).isNotNull();
    assertThat(created.getMetadata().getLabels())
        .containsEntry("metarag.dev/job-id", id)
        .containsEntry("app.kubernetes.io/managed-by", "metarag");
    var container = created.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs())
        .containsExactly("--job-dir", "/var/lib/metarag/meta-trainer/jobs/" + id);
    assertThat(container.getResources().getLimits()).containsKey("nvidia.com/gpu");
    assertThat(created.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsEntry("gpu", "l4");
    assertThat(listener.events).isEmpty();

    createPod(id, "worker-a");
    podStatus("worker-a", phase("Pending"));
    podStatus("worker-a", phase("Running"));
    awaitEvents("running");

    podStatus(
        "worker-a",
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .build());
    awaitEvents(
        "running",
        "restarting: pod worker-a failed: Evicted (The node was low on resource: memory.)"
            + " (retry 1 of 3)");

    createPod(id, "worker-b");
    podStatus("worker-b", phase("Running"));
    podStatus(
        "worker-b",
        new PodStatusBuilder()
            .withPhase("Failed")
            .addNewCondition()
            .withType("DisruptionTarget")
            .withStatus("True")
            .withReason("PreemptionByScheduler")
            .withMessage("Preempted in order to admit critical pod")
            .endCondition()
            .build());
    createPod(id, "worker-c");
    podStatus("worker-c", phase("Running"));
    awaitEvents(
        "running",
        "restarting: pod worker-a failed: Evicted (The node was low on resource: memory.)"
            + " (retry 1 of 3)",
        "running",
        "restarting: pod worker-b was disrupted: PreemptionByScheduler (Preempted in order to"
            + " admit critical pod) (not counted against the backoff limit)",
        "running");

    podStatus("worker-c", phase("Succeeded"));
    jobCondition(id, "Complete", null, null);
    await().atMost(WAIT).until(() -> listener.events.size() == 6);
    assertThat(listener.events.get(5)).isEqualTo("finished ok: ");
    await().atMost(WAIT).until(() -> !executors.get(0).watching(id));
    assertThat(job(id)).as("a finished Job stays until its TTL").isNotNull();
  }

  @Test
  void exhaustedRetriesFailTheJobWithTheControllersReason() {
    String id = "mt-20261130-0002";
    executor().start(launch(id, minimal().setBackoffLimit(1)), listener);

    createPod(id, "worker-a");
    podStatus("worker-a", phase("Running"));
    podStatus(
        "worker-a",
        new PodStatusBuilder()
            .withPhase("Failed")
            .addNewContainerStatus()
            .withName("worker")
            .withNewState()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("OOMKilled")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build());
    awaitEvents(
        "running",
        "restarting: pod worker-a failed; container worker exited with code 137 (OOMKilled)"
            + " (retry 1 of 1)");

    jobCondition(
        id, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    await().atMost(WAIT).until(() -> listener.events.size() == 3);
    assertThat(listener.events.get(2))
        .startsWith(
            "finished failed: the Kubernetes Job metarag-mt-20261130-0002 failed:"
                + " BackoffLimitExceeded (Job has reached the specified backoff limit)")
        .contains("backoffLimit=1")
        .contains("code 137 (OOMKilled)")
        .contains("kubectl logs -n ml job/metarag-mt-20261130-0002");
  }

  @Test
  void aDeadlineFailsTheJob() {
    String id = "mt-20261130-0003";
    executor().start(launch(id, minimal().setActiveDeadlineSeconds(60)), listener);
    createPod(id, "worker-a");
    podStatus("worker-a", phase("Running"));
    awaitEvents("running");

    jobCondition(id, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
    await().atMost(WAIT).until(() -> listener.events.size() == 2);
    assertThat(listener.events.get(1))
        .startsWith(
            "finished failed: the Kubernetes Job metarag-mt-20261130-0003 failed:"
                + " DeadlineExceeded")
        .contains("activeDeadlineSeconds=60");
  }

  @Test
  void stopDeletesTheJobInTheBackgroundAndSilencesTheListener() throws InterruptedException {
    String id = "mt-20261130-0004";
    KubernetesExecutor executor = executor();
    executor.start(launch(id, minimal()), listener);
    createPod(id, "worker-a");
    podStatus("worker-a", phase("Running"));
    awaitEvents("running");

    executor.stop(id);

    assertThat(job(id)).isNull();
    assertThat(executor.watching(id)).isFalse();
    List<RecordedRequest> deletes = new ArrayList<>();
    for (RecordedRequest r; (r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null; ) {
      if (r.getMethod().equals("DELETE")) {
        deletes.add(r);
      }
    }
    assertThat(deletes)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getPath())
                  .isEqualTo("/apis/batch/v1/namespaces/ml/jobs/metarag-mt-20261130-0004");
              assertThat(d.getUtf8Body()).contains("\"propagationPolicy\":\"Background\"");
            });

    // Whatever the cluster does next is not reported any more.
    podStatus("worker-a", phase("Failed"));
    createPod(id, "worker-b");
    podStatus("worker-b", phase("Running"));
    await()
        .during(Duration.ofMillis(700))
        .atMost(WAIT)
        .until(() -> listener.events.equals(List.of("running")));
  }

  @Test
  void aRestartedServiceAttachesToItsRunningJob() {
    String id = "mt-20261130-0005";
    WorkerLaunch launch = launch(id, minimal().setBackoffLimit(2));
    KubernetesExecutor before = executor();
    before.start(launch, new TestSettings.Recorder());
    String uid = job(id).getMetadata().getUid();
    createPod(id, "worker-a");
    podStatus("worker-a", phase("Failed"));
    createPod(id, "worker-b");
    podStatus("worker-b", phase("Running"));
    before.shutdown();
    assertThat(job(id)).as("the service's shutdown leaves the Job running").isNotNull();

    KubernetesExecutor after = executor();
    after.start(launch, listener);

    // Reports the running pod, not the failure it had already seen before the restart.
    awaitEvents("running");
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems())
        .singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getUid()).isEqualTo(uid));

    podStatus("worker-b", phase("Failed"));
    // worker-a counted before the restart: this is the second failure of backoffLimit=2.
    awaitEvents("running", "restarting: pod worker-b failed (retry 2 of 2)");
    jobCondition(id, "Complete", null, null);
    awaitEvents("running", "restarting: pod worker-b failed (retry 2 of 2)", "finished ok: ");
  }

  @Test
  void attachingToAJobThatEndedMeanwhileReportsItsEnd() {
    String id = "mt-20261130-0006";
    WorkerLaunch launch = launch(id, minimal());
    KubernetesExecutor before = executor();
    before.start(launch, new TestSettings.Recorder());
    before.shutdown();
    jobCondition(id, "Complete", null, null);

    executor().start(launch, listener);

    awaitEvents("finished ok: ");
  }

  @Test
  void aForeignJobWithTheSameNameIsLeftAlone() {
    String id = "mt-20261130-0007";
    Job foreign =
        new JobBuilder()
            .withNewMetadata()
            .withName(JobNames.jobName(id))
            .withNamespace(NS)
            .withLabels(Map.of("app", "something-else"))
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("other")
            .withImage("busybox:1.36")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.batch().v1().jobs().inNamespace(NS).resource(foreign).create();
    KubernetesExecutor executor = executor();

    executor.start(launch(id, minimal()), listener);

    awaitEvents(
        "finished failed: the Kubernetes Job ml/metarag-mt-20261130-0007 exists but does not"
            + " belong to job mt-20261130-0007 (its metarag.dev/job-id label differs); delete it"
            + " or run the job elsewhere");
    assertThat(job(id).getMetadata().getLabels()).containsOnly(Map.entry("app", "something-else"));
    assertThat(executor.watching(id)).isFalse();
    executor.stop(id);
    assertThat(job(id)).as("stop must not delete a Job that is not ours").isNotNull();
  }

  @Test
  void aJobDeletedBehindTheServicesBackFailsTheJob() {
    String id = "mt-20261130-0008";
    executor().start(launch(id, minimal()), listener);
    createPod(id, "worker-a");
    podStatus("worker-a", phase("Running"));
    awaitEvents("running");

    client.batch().v1().jobs().inNamespace(NS).withName(JobNames.jobName(id)).delete();

    awaitEvents(
        "running",
        "finished failed: the Kubernetes Job metarag-mt-20261130-0008 was deleted before it ended");
  }

  @Test
  void aJobDirectoryOffTheSharedVolumeFailsTheStart() {
    String id = "mt-20261130-0009";
    WorkerLaunch offVolume =
        new WorkerLaunch(id, Path.of("/tmp/elsewhere/" + id), launch(id, minimal()).spec());

    executor().start(offVolume, listener);

    assertThat(listener.events)
        .singleElement()
        .asString()
        .startsWith("finished failed: cannot run the Kubernetes Job: the job directory")
        .contains("/tmp/elsewhere/" + id);
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  @Timeout(60)
  void aJobItCannotFollowIsTakenBack() {
    String id = "mt-20261130-0010";
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/ml/pods?labelSelector=metarag.dev%2Fjob-id%3D"
                + id
                + "&resourceVersion=0")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "pods is forbidden: User \"system:serviceaccount:ml:meta-trainer\" cannot"
                        + " list resource \"pods\" in the namespace \"ml\"")
                .build())
        .always();
    KubernetesExecutor executor = executor();

    executor.start(launch(id, minimal()), listener);

    assertThat(listener.events)
        .singleElement()
        .asString()
        .startsWith("finished failed: cannot run the Kubernetes Job")
        .contains("pods is forbidden");
    assertThat(job(id)).as("a Job nobody follows is deleted again").isNull();
    assertThat(executor.watching(id)).isFalse();
  }

  @Test
  void theTrainersDefaultsAndTheWorkersConfinementReachTheApiServer() {
    String id = "mt-20261130-0010";
    var gpuPool =
        settings(
            true,
            Map.of(
                "default-image", "registry.example.com/metarag/meta-trainer-worker:0.2.0",
                "default-gpus", "2",
                "default-node-selector.\"nvidia.com/gpu.present\"", "true",
                "default-tolerations",
                    "[{\"key\":\"nvidia.com/gpu\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]",
                "default-service-account", "metarag-worker"));
    KubernetesExecutor executor = new KubernetesExecutor(gpuPool, DATA_DIR, () -> client);
    executors.add(executor);
    // The request names only the namespace; everything else comes from the trainer's defaults.
    executor.start(
        TestSettings.validated(id, gpuPool, KubernetesExecutorSpec.newBuilder().setNamespace(NS)),
        listener);

    // Read back from the API server: what it stored is what a kubelet would run.
    var pod = job(id).getSpec().getTemplate().getSpec();
    var worker = pod.getContainers().getFirst();
    assertThat(worker.getImage())
        .isEqualTo("registry.example.com/metarag/meta-trainer-worker:0.2.0");
    assertThat(worker.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("2"));
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.present", "true"));
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    assertThat(pod.getServiceAccountName()).isEqualTo("metarag-worker");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(worker.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(worker.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getEmptyDir() != null)
        .extracting(Volume::getName)
        .containsExactly("tmp", "djl-cache");
    assertThat(worker.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .containsExactly("/var/lib/metarag", "/tmp", "/var/cache/metarag/djl");
  }
}
