package dev.metarag.trainer.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.CancelJobRequest;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.KubernetesToleration;
import dev.metarag.proto.v1.ListJobsRequest;
import dev.metarag.proto.v1.LocalExecutorSpec;
import dev.metarag.proto.v1.MetaTrainerGrpc;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.proto.v1.TaskSampling;
import dev.metarag.proto.v1.WatchJobRequest;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.badinput.BadInputSuite;
import dev.metarag.testing.badinput.BadInputSuite.Refusal;
import dev.metarag.testing.badinput.PathProbes;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.testing.security.SecuredService;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.support.TinyJobSpecs;
import dev.metarag.trainer.support.TrainerClient;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input over every MetaTrainer RPC, field by field from good requests (every field of a job
 * spec, the Kubernetes options included), and wrong job ids (path traversal, NUL): none may end
 * INTERNAL or UNKNOWN; data set paths of source and evaluation domains outside the data roots,
 * climbing with "..", linked out of a root, or holding a secret must be INVALID_ARGUMENT naming the
 * setting and never quoting the file; afterwards the trainer is SERVING, validates a good spec, and
 * lists the same jobs. StartJob is sent with validate_only, which is never mutated, so nothing
 * starts (StartJobValidationTest asserts the specific statuses).
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "property", value = "metarag.trainer.retriever"))
class MetaTrainerBadInputTest {
  private TrainerClient client;
  private List<String> jobsBefore;

  @BeforeEach
  void connect() {
    client = new TrainerClient();
    jobsBefore = jobIds();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static JobSpec spec() {
    return TinyJobSpecs.fomaml(4, 2)
        .setDisplayName("bad input")
        .setTaskSampling(TaskSampling.TASK_SAMPLING_SIZE_PROPORTIONAL)
        .setEvaluateEvery(2)
        .addEvaluationDomains(TinyJobSpecs.domain("garden"))
        .setEvaluationExamples(2)
        .setBaseModelVersion("base")
        .setLocal(LocalExecutorSpec.newBuilder().setThreads(1).setMaxHeapMib(512))
        .build();
  }

  private static StartJobRequest validateOnly(JobSpec spec) {
    return StartJobRequest.newBuilder()
        .setSpec(spec)
        .setRequestId("bad-input-1")
        .setValidateOnly(true)
        .build();
  }

  /** The spec with the first source or evaluation domain's data set read from {@code path}. */
  private static JobSpec.Builder withPath(JobSpec.Builder spec, boolean evaluation, String path) {
    SourceDomain d = evaluation ? spec.getEvaluationDomains(0) : spec.getDomains(0);
    SourceDomain changed =
        d.toBuilder().setDataset(d.getDataset().toBuilder().setPath(path)).build();
    return evaluation ? spec.setEvaluationDomains(0, changed) : spec.setDomains(0, changed);
  }

  /** The text of made-up inline questions, which no message may quote. */
  private static final String QUESTION = "q".repeat(100);

  /** The spec with one source domain replaced. */
  private static JobSpec.Builder inline(int index, SourceDomain domain) {
    return spec().toBuilder().setDomains(index, domain);
  }

  /** A filter value, which no message may quote. */
  private static final String FILTER_VALUE = "filter-value-never-quoted";

  private static MetadataFilter filter(String key, String... values) {
    return MetadataFilter.newBuilder().setKey(key).addAllAnyOf(List.of(values)).build();
  }

  /** The domain with {@code filters} on its inline example at {@code index}. */
  private static SourceDomain withFilters(
      SourceDomain domain, int index, MetadataFilter... filters) {
    InlineExamples examples = domain.getExamples();
    return domain.toBuilder()
        .setExamples(
            examples.toBuilder()
                .setExamples(
                    index, examples.getExamples(index).toBuilder().addAllFilters(List.of(filters))))
        .build();
  }

  static BadInputSuite suite() {
    PathProbes probes =
        PathProbes.files(TestDatasets.root(), TestDatasets.outside(), "probe-passwd.json");
    JobSpec onKubernetes =
        spec().toBuilder()
            .clearLocal()
            .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
            .setKubernetes(
                KubernetesExecutorSpec.newBuilder()
                    .setImage("registry.example.com/metarag-worker:0.1.0")
                    .setGpus(1)
                    .setCpu("4")
                    .setMemory("16Gi")
                    .putNodeSelector("nvidia.com/gpu.present", "true")
                    .addTolerations(
                        KubernetesToleration.newBuilder()
                            .setKey("nvidia.com/gpu")
                            .setOperator("Exists")
                            .setEffect("NoSchedule"))
                    .setBackoffLimit(3)
                    .setActiveDeadlineSeconds(3600)
                    .setTtlSecondsAfterFinished(60)
                    .putLabels("team", "search")
                    .setNamespace("training")
                    .setServiceAccount("worker"))
            .build();
    String unknownJob = "mt-19990101-0001";
    // Domains sent inline: every field of their examples is mutated too, their filters included.
    JobSpec inline =
        spec().toBuilder()
            .setDomains(0, withFilters(TinyJobSpecs.inlineDomain("gadgets"), 0, filter("k", "v")))
            .setEvaluationDomains(
                0, withFilters(TinyJobSpecs.inlineDomain("garden"), 1, filter("k", "v")))
            .build();
    return BadInputSuite.of(MetaTrainerGrpc.getServiceDescriptor())
        .mutations("StartJob", validateOnly(spec()), "validate_only")
        .mutations(
            "StartJob",
            validateOnly(onKubernetes),
            "validate_only",
            "spec.domains",
            "spec.evaluation_domains")
        .request(
            "StartJob",
            "a data set path with path traversal",
            validateOnly(
                spec().toBuilder()
                    .setDomains(
                        0,
                        spec().getDomains(0).toBuilder()
                            .setDataset(
                                spec().getDomains(0).getDataset().toBuilder()
                                    .setPath("../../../../etc/passwd")))
                    .build()))
        .pathCases(
            "StartJob",
            "spec.domains[0].dataset.path",
            probes,
            path -> validateOnly(withPath(spec().toBuilder(), false, path).build()),
            TrainerConfig.DATA_ROOT)
        .pathCases(
            "StartJob",
            "spec.evaluation_domains[0].dataset.path",
            probes,
            path -> validateOnly(withPath(spec().toBuilder(), true, path).build()),
            TrainerConfig.DATA_ROOT)
        .mutations("StartJob", validateOnly(inline), "validate_only")
        .refused(
            "StartJob",
            "a domain with neither a data set nor inline examples",
            validateOnly(
                spec().toBuilder()
                    .setDomains(1, SourceDomain.newBuilder().setName("kitchen"))
                    .build()),
            new Refusal(Status.Code.INVALID_ARGUMENT, "spec.domains[1]: set dataset", "\u0000"))
        .refused(
            "StartJob",
            "1025 inline examples in one domain",
            validateOnly(inline(0, TinyJobSpecs.inlineDomain("gadgets", 1025, 10)).build()),
            new Refusal(
                Status.Code.INVALID_ARGUMENT,
                "spec.domains[0].examples.examples: 1025 examples; at most 1024",
                QUESTION))
        .refused(
            "StartJob",
            "inline examples over 1 MiB in all (within the 2 MiB message limit)",
            validateOnly(
                inline(0, TinyJobSpecs.inlineDomain("gadgets", 150, 4000))
                    .setEvaluationDomains(0, TinyJobSpecs.inlineDomain("garden", 150, 4000))
                    .build()),
            new Refusal(
                Status.Code.INVALID_ARGUMENT,
                "spec.evaluation_domains[0].examples: the spec's inline examples take",
                QUESTION))
        .refused(
            "StartJob",
            "inline examples above the largest gRPC message (2 MiB)",
            validateOnly(inline(0, TinyJobSpecs.inlineDomain("gadgets", 600, 4000)).build()),
            new Refusal(Status.Code.RESOURCE_EXHAUSTED, "", QUESTION))
        .refused(
            "StartJob",
            "17 filters on an inline example",
            validateOnly(
                inline(
                        0,
                        withFilters(
                            TinyJobSpecs.inlineDomain("gadgets"),
                            0,
                            java.util.stream.IntStream.range(0, 17)
                                .mapToObj(i -> filter("key" + i, FILTER_VALUE))
                                .toArray(MetadataFilter[]::new)))
                    .build()),
            new Refusal(
                Status.Code.INVALID_ARGUMENT,
                "spec.domains[0].examples.examples[0].filters: 17 filters; at most 16",
                FILTER_VALUE))
        .refused(
            "StartJob",
            "a filter without a key on an inline example",
            validateOnly(
                inline(
                        0,
                        withFilters(
                            TinyJobSpecs.inlineDomain("gadgets"), 2, filter("", FILTER_VALUE)))
                    .build()),
            new Refusal(
                Status.Code.INVALID_ARGUMENT,
                "spec.domains[0].examples.examples[2].filters[0].key: required",
                FILTER_VALUE))
        .refused(
            "StartJob",
            "a filter without values on an inline evaluation example",
            validateOnly(
                spec().toBuilder()
                    .setEvaluationDomains(
                        0,
                        withFilters(
                            TinyJobSpecs.inlineDomain("garden"),
                            1,
                            filter("policy", FILTER_VALUE),
                            filter("item")))
                    .build()),
            new Refusal(
                Status.Code.INVALID_ARGUMENT,
                "spec.evaluation_domains[0].examples.examples[1].filters[1].any_of",
                FILTER_VALUE))
        .mutations("GetJob", GetJobRequest.newBuilder().setJobId(unknownJob).build())
        .request(
            "GetJob",
            "a job id with path traversal",
            GetJobRequest.newBuilder().setJobId("../jobs/" + unknownJob).build())
        .mutations(
            "ListJobs",
            ListJobsRequest.newBuilder()
                .addStates(JobState.JOB_STATE_SUCCEEDED)
                .setPageSize(10)
                .build())
        .mutations("WatchJob", WatchJobRequest.newBuilder().setJobId(unknownJob).build())
        .mutations(
            "CancelJob",
            CancelJobRequest.newBuilder().setJobId(unknownJob).setReason("bad input").build());
  }

  @Test
  void everyRpcHasBadInputCases() {
    assertThat(suite().rpcsWithoutCases()).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyRpcSurvivesBadInput() {
    return suite().tests(client.channel(), this::stillServingWithNothingLost);
  }

  private void stillServingWithNothingLost() {
    assertThat(SecuredService.health(client.channel())).isEqualTo(ServingStatus.SERVING);
    Job validated = client.blocking.startJob(validateOnly(spec())).getJob();
    assertThat(validated.getSpec().getDomainsCount()).isEqualTo(2);
    assertThat(jobIds()).isEqualTo(jobsBefore);
  }

  private List<String> jobIds() {
    return client
        .blocking
        .listJobs(ListJobsRequest.newBuilder().setPageSize(500).build())
        .getJobsList()
        .stream()
        .map(Job::getId)
        .toList();
  }
}
