package dev.metarag.trainer.grpc;

import static dev.metarag.testing.grpc.StatusAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.CancelJobRequest;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.ListJobsRequest;
import dev.metarag.proto.v1.MetaTrainerGrpc;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.proto.v1.WatchJobRequest;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.badinput.PathProbes;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.trainer.support.TinyJobSpecs;
import dev.metarag.trainer.support.TrainerClient;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StartJob and the other calls refuse bad requests with the right status and say what to fix. */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "property", value = "metarag.trainer.retriever"))
class StartJobValidationTest {
  private TrainerClient client;
  private MetaTrainerGrpc.MetaTrainerBlockingStub trainer;

  @BeforeEach
  void connect() {
    client = new TrainerClient();
    trainer = client.blocking;
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  static SourceDomain domain(String name) {
    return SourceDomain.newBuilder()
        .setName(name)
        .setDataset(DatasetRef.newBuilder().setPath(RetrieverWithFixtures.fixture(name)))
        .build();
  }

  static JobSpec spec() {
    return JobSpec.newBuilder()
        .addDomains(domain("gadgets"))
        .addDomains(domain("kitchen"))
        .setSupportSize(2)
        .setQuerySize(2)
        .setMetaSteps(4)
        .build();
  }

  @Test
  void validateOnlyReturnsTheCompletedSpecAndStartsNothing() {
    var job =
        trainer
            .startJob(StartJobRequest.newBuilder().setSpec(spec()).setValidateOnly(true).build())
            .getJob();
    assertThat(job.getId()).isEmpty();
    assertThat(job.getState()).isEqualTo(JobState.JOB_STATE_UNSPECIFIED);
    assertThat(job.getSpec().getCheckpointEvery()).isEqualTo(4);
    assertThat(job.getSpec().getDomains(1).getCollection()).isEqualTo("kitchen");
    assertThat(trainer.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList())
        .noneMatch(j -> j.getSpec().equals(job.getSpec()));
  }

  @Test
  void badSpecsAreInvalidArgumentNamingTheField() {
    assertStatus(
        () -> trainer.startJob(StartJobRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "spec: required");
    assertStatus(
        () -> start(spec().toBuilder().setSupportSize(300).build()),
        Status.Code.INVALID_ARGUMENT,
        "spec.support_size");
    assertStatus(
        () -> start(spec().toBuilder().setDomains(1, domain("gadgets")).build()),
        Status.Code.INVALID_ARGUMENT,
        "spec.domains[1].name");
    assertStatus(
        () ->
            trainer.startJob(
                StartJobRequest.newBuilder()
                    .setSpec(spec())
                    .setRequestId("no spaces please")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "request_id");
    // Fewer questions than support + query: said before anything runs.
    assertStatus(
        () -> start(spec().toBuilder().setSupportSize(8).setQuerySize(8).build()),
        Status.Code.INVALID_ARGUMENT,
        "fewer than support_size + query_size = 16");
    // The same for questions sent inline, naming their field.
    assertStatus(
        () ->
            start(
                spec().toBuilder()
                    .setDomains(1, TinyJobSpecs.inlineDomain("kitchen", 3, 5))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "spec.domains[1].examples: 3 answerable questions, fewer than support_size + query_size = 4");
  }

  @Test
  void missingDataAndCollectionsAreNotFound() {
    assertStatus(
        () -> start(withPath(0, "later/gadgets.json")),
        Status.Code.NOT_FOUND,
        "spec.domains[0].dataset.path: no data at later/gadgets.json under"
            + " metarag.trainer.data-root");
    JobSpec unknownName =
        spec().toBuilder()
            .setDomains(
                0,
                domain("gadgets").toBuilder().setDataset(DatasetRef.newBuilder().setName("squad9")))
            .build();
    assertStatus(() -> start(unknownName), Status.Code.NOT_FOUND, "unknown data set 'squad9'");
    JobSpec noCollection =
        spec().toBuilder()
            .setDomains(1, domain("kitchen").toBuilder().setCollection("orchard"))
            .build();
    assertStatus(
        () -> start(noCollection),
        Status.Code.NOT_FOUND,
        "spec.domains[1].collection: the retriever has no collection 'orchard'");
  }

  /** The spec with domain {@code i}'s data set given by {@code path}. */
  private static JobSpec withPath(int i, String path) {
    return spec().toBuilder()
        .setDomains(
            i, spec().getDomains(i).toBuilder().setDataset(DatasetRef.newBuilder().setPath(path)))
        .build();
  }

  @Test
  void dataSetPathsOutsideTheDataRootsAreRefusedNamingTheSettings() throws Exception {
    String roots = "give a path under metarag.trainer.data-root or metarag.trainer.shared-data";
    assertStatus(
        () -> start(withPath(0, "/etc/passwd")),
        Status.Code.INVALID_ARGUMENT,
        "spec.domains[0].dataset.path: path '/etc/passwd' is outside the allowed directories: "
            + roots);
    assertStatus(
        () -> start(withPath(1, "../../../etc/passwd")),
        Status.Code.INVALID_ARGUMENT,
        "spec.domains[1].dataset.path: path '../../../etc/passwd' climbs with '..'");
    JobSpec evaluatedOutside =
        spec().toBuilder()
            .addEvaluationDomains(
                domain("garden").toBuilder()
                    .setDataset(DatasetRef.newBuilder().setPath("/nowhere/garden.json")))
            .build();
    assertStatus(
        () -> start(evaluatedOutside),
        Status.Code.INVALID_ARGUMENT,
        "spec.evaluation_domains[0].dataset.path: path '/nowhere/garden.json' is outside");

    Path secret = Files.writeString(TestDatasets.outside().resolve("trainer-secret.json"), "{}");
    Path link = TestDatasets.root().resolve("trainer-linked-out.json");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, secret);
    assertStatus(
        () -> start(withPath(0, "trainer-linked-out.json")),
        Status.Code.INVALID_ARGUMENT,
        "path 'trainer-linked-out.json' leads out of the allowed directories");
  }

  @Test
  void aDataSetThatDoesNotParseIsDescribedNeverQuoted() throws Exception {
    Files.writeString(TestDatasets.root().resolve("trainer-passwd.json"), PathProbes.SECRET);

    assertStatus(
        () -> start(withPath(0, "trainer-passwd.json")),
        Status.Code.INVALID_ARGUMENT,
        "spec.domains[0].dataset.path: trainer-passwd.json under metarag.trainer.data-root is"
            + " not valid SQUAD_JSON: line 1, column 1: not valid JSON");
  }

  @Test
  void kubernetesIsAPreconditionWhenNotEnabled() {
    JobSpec k8s =
        spec().toBuilder()
            .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
            .setKubernetes(
                KubernetesExecutorSpec.newBuilder()
                    .setImage("registry.example.com/metarag-worker:0.1.0"))
            .build();
    assertStatus(() -> start(k8s), Status.Code.FAILED_PRECONDITION, "KUBERNETES");
  }

  @Test
  void unknownJobsAreNotFoundAndEmptyIdsInvalid() {
    assertStatus(
        () -> trainer.getJob(GetJobRequest.newBuilder().setJobId("mt-19990101-0001").build()),
        Status.Code.NOT_FOUND,
        "no job 'mt-19990101-0001'");
    assertStatus(
        () -> trainer.getJob(GetJobRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "job_id");
    assertStatus(
        () -> trainer.cancelJob(CancelJobRequest.newBuilder().setJobId("mt-19990101-0001").build()),
        Status.Code.NOT_FOUND,
        "no job");
    assertStatus(
        () ->
            trainer
                .watchJob(WatchJobRequest.newBuilder().setJobId("mt-19990101-0001").build())
                .hasNext(),
        Status.Code.NOT_FOUND,
        "no job");
  }

  @Test
  void listPagingIsCheckedToo() {
    assertStatus(
        () -> trainer.listJobs(ListJobsRequest.newBuilder().setPageSize(501).build()),
        Status.Code.INVALID_ARGUMENT,
        "page_size");
    assertStatus(
        () -> trainer.listJobs(ListJobsRequest.newBuilder().setPageToken("%%%").build()),
        Status.Code.INVALID_ARGUMENT,
        "page_token");
    assertStatus(
        () ->
            trainer.listJobs(
                ListJobsRequest.newBuilder().addStates(JobState.JOB_STATE_UNSPECIFIED).build()),
        Status.Code.INVALID_ARGUMENT,
        "states");
  }

  private void start(JobSpec spec) {
    trainer.startJob(StartJobRequest.newBuilder().setSpec(spec).build());
  }
}
