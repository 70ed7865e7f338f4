package dev.metarag.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.adapter.config.AdapterConfig;
import dev.metarag.adapter.support.AdapterClient;
import dev.metarag.adapter.support.FixtureExamples;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptStreamRequest;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.DatasetFormat;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.DeleteVersionRequest;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.GetVersionRequest;
import dev.metarag.proto.v1.ListVersionsRequest;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.proto.v1.PromoteVersionRequest;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.proto.v1.RollbackVersionRequest;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.badinput.BadInputSuite;
import dev.metarag.testing.badinput.BadInputSuite.Refusal;
import dev.metarag.testing.badinput.PathProbes;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.testing.security.SecuredService;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input over every Adapter RPC, field by field from good requests, and wrong domains, versions,
 * data sets and page tokens (with path traversal and NUL): none may end INTERNAL or UNKNOWN, and
 * data set paths outside the data roots, climbing with "..", linked out of a root, or holding a
 * secret must be INVALID_ARGUMENT naming the setting and never quoting the file. Afterwards the
 * adapter is SERVING and the registry lists the same versions. Adaptations name a domain without a
 * collection, so none of them trains (AdaptValidationTest asserts the specific statuses).
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.adapter.retriever"))
class AdapterBadInputTest {
  private AdapterClient client;
  private List<String> versionsBefore;

  @BeforeEach
  void connect() {
    client = new AdapterClient();
    versionsBefore = everyVersion();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  /** A request that passes validation but names a domain the retriever does not have. */
  private static AdaptRequest adapt() {
    return AdaptRequest.newBuilder()
        .setDomain("atlantis")
        .setSupport(FixtureExamples.inline(FixtureExamples.of("garden").subList(0, 2)))
        .setSteps(2)
        .setLearningRate(1e-4)
        .setParameters(
            ParameterSubset.newBuilder()
                .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY))
        .setEvaluation(FixtureExamples.inline(FixtureExamples.of("garden").subList(2, 3)))
        .setPromote(PromotePolicy.PROMOTE_POLICY_IF_IMPROVED)
        .setMinImprovement(0.01)
        .setRetrievalTopK(3)
        .setSeed(7)
        .setDescription("bad input")
        .build();
  }

  /**
   * A request on a real domain whose evaluation data set does not exist: the support examples are
   * loaded and checked, then the evaluation set is NOT_FOUND, before any model is loaded. Only
   * {@code support} is mutated from it (the rest is covered by {@link #adapt()}).
   */
  private static AdaptRequest adaptOnGarden(ExampleSource support) {
    return adapt().toBuilder()
        .setDomain("garden")
        .setSupport(support)
        .setEvaluation(
            ExampleSource.newBuilder().setDataset(DatasetRef.newBuilder().setName("no-such/set")))
        .build();
  }

  private static final String[] ALL_BUT_SUPPORT = {
    "domain",
    "base_version",
    "steps",
    "learning_rate",
    "parameters",
    "evaluation",
    "promote",
    "min_improvement",
    "retrieval_top_k",
    "seed",
    "description",
    "example_scores",
    "trial"
  };

  /** Garden's first two support examples, the second scoped by {@code filter}. */
  private static ExampleSource scoped(MetadataFilter filter) {
    List<QaExample> examples = new ArrayList<>(FixtureExamples.of("garden").subList(0, 2));
    examples.set(1, examples.get(1).toBuilder().addFilters(filter).build());
    return FixtureExamples.inline(examples);
  }

  private static ExampleSource byPath(String path) {
    return ExampleSource.newBuilder().setDataset(DatasetRef.newBuilder().setPath(path)).build();
  }

  static BadInputSuite suite() {
    PathProbes probes =
        PathProbes.files(TestDatasets.root(), TestDatasets.outside(), "probe-passwd.json");
    ExampleSource dataSet =
        ExampleSource.newBuilder()
            .setDataset(
                DatasetRef.newBuilder()
                    .setPath(RetrieverWithFixtures.fixture("garden"))
                    .setLimit(4)
                    .setSeed(3))
            .build();
    return BadInputSuite.of(AdapterGrpc.getServiceDescriptor())
        .mutations("Adapt", adapt())
        .mutations("Adapt", adaptOnGarden(adapt().getSupport()), ALL_BUT_SUPPORT)
        .mutations("Adapt", adaptOnGarden(dataSet), ALL_BUT_SUPPORT)
        .refused(
            "Adapt",
            "a trial that promotes",
            adapt().toBuilder().setDomain("garden").setTrial(true).build(),
            new Refusal(
                Status.Code.INVALID_ARGUMENT, "promote: must be left unset with trial", "\u0000"))
        .refused(
            "AdaptStream",
            "a trial that promotes",
            AdaptStreamRequest.newBuilder()
                .setRequest(adapt().toBuilder().setDomain("garden").setTrial(true))
                .build(),
            new Refusal(
                Status.Code.INVALID_ARGUMENT, "promote: must be left unset with trial", "\u0000"))
        .refused(
            "Adapt",
            "a support example with a filter without key",
            adaptOnGarden(scoped(MetadataFilter.newBuilder().addAnyOf("a").build())),
            new Refusal(
                Status.Code.INVALID_ARGUMENT,
                "support.inline.examples[1].filters[0].key: required",
                "\u0000"))
        .refused(
            "Adapt",
            "a support example with a filter without values",
            adaptOnGarden(scoped(MetadataFilter.newBuilder().setKey("policy").build())),
            new Refusal(
                Status.Code.INVALID_ARGUMENT,
                "support.inline.examples[1].filters[0].any_of",
                "\u0000"))
        .request(
            "Adapt",
            "a support example with a filter key holding NUL and traversal",
            adaptOnGarden(
                scoped(MetadataFilter.newBuilder().setKey("../\u0000x").addAnyOf("a").build())))
        .request(
            "Adapt",
            "a base version with path traversal",
            adapt().toBuilder().setDomain("garden").setBaseVersion("../garden-v1").build())
        .request(
            "Adapt",
            "a data set path with path traversal",
            adapt().toBuilder()
                .setDomain("garden")
                .setSupport(
                    ExampleSource.newBuilder()
                        .setDataset(DatasetRef.newBuilder().setPath("../../../etc/passwd")))
                .build())
        .request(
            "Adapt",
            "a named data set with path traversal",
            adapt().toBuilder()
                .setDomain("garden")
                .setSupport(
                    ExampleSource.newBuilder()
                        .setDataset(DatasetRef.newBuilder().setName("../../etc/passwd")))
                .build())
        .pathCases(
            "Adapt",
            "support.dataset.path",
            probes,
            path -> adaptOnGarden(byPath(path)),
            AdapterConfig.DATA_ROOT)
        .pathCases(
            "Adapt",
            "evaluation.dataset.path",
            probes,
            path -> adapt().toBuilder().setDomain("garden").setEvaluation(byPath(path)).build(),
            AdapterConfig.DATA_ROOT)
        .pathCases(
            "Adapt",
            "support.dataset.path as SubjQA",
            probes,
            path ->
                adaptOnGarden(
                    ExampleSource.newBuilder()
                        .setDataset(
                            DatasetRef.newBuilder()
                                .setPath(path)
                                .setFormat(DatasetFormat.DATASET_FORMAT_SUBJQA_CSV))
                        .build()),
            AdapterConfig.DATA_ROOT)
        .mutations("AdaptStream", AdaptStreamRequest.newBuilder().setRequest(adapt()).build())
        .pathCases(
            "AdaptStream",
            "request.support.dataset.path",
            probes,
            path -> AdaptStreamRequest.newBuilder().setRequest(adaptOnGarden(byPath(path))).build(),
            AdapterConfig.DATA_ROOT)
        .mutations(
            "ListVersions",
            ListVersionsRequest.newBuilder().setDomain("garden").setPageSize(10).build())
        .request(
            "ListVersions",
            "a page token of another listing",
            ListVersionsRequest.newBuilder().setDomain("garden").setPageToken("djE6MTA=").build())
        .mutations(
            "GetVersion",
            GetVersionRequest.newBuilder().setDomain("garden").setVersion("garden-v999").build())
        .mutations(
            "PromoteVersion",
            PromoteVersionRequest.newBuilder()
                .setDomain("atlantis")
                .setVersion("atlantis-v1")
                .build())
        .request(
            "PromoteVersion",
            "a version of another domain",
            PromoteVersionRequest.newBuilder().setDomain("garden").setVersion("kitchen-v1").build())
        .mutations(
            "RollbackVersion", RollbackVersionRequest.newBuilder().setDomain("atlantis").build())
        .mutations(
            "DeleteVersion",
            DeleteVersionRequest.newBuilder()
                .setDomain("atlantis")
                .setVersion("atlantis-v1")
                .build())
        .request(
            "DeleteVersion",
            "a theta0 that does not exist, with path traversal",
            DeleteVersionRequest.newBuilder().setVersion("theta0-1/../../base").build());
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
    assertThat(everyVersion()).isEqualTo(versionsBefore).contains("base");
  }

  /** Every version the registry lists: the defaults and each fixture domain's. */
  private List<String> everyVersion() {
    List<String> versions = new ArrayList<>();
    for (String domain : List.of("", "gadgets", "kitchen", "garden")) {
      client
          .blocking
          .listVersions(ListVersionsRequest.newBuilder().setDomain(domain).build())
          .getVersionsList()
          .stream()
          .map(ModelVersion::getVersion)
          .forEach(versions::add);
    }
    return versions;
  }
}
