package dev.metarag.trainer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.KubernetesToleration;
import dev.metarag.proto.v1.LocalExecutorSpec;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.proto.v1.TaskSampling;
import dev.metarag.trainer.support.TinyJobSpecs;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class JobSpecValidatorTest {

  static SourceDomain domain(String name) {
    return SourceDomain.newBuilder()
        .setName(name)
        .setDataset(DatasetRef.newBuilder().setName("policyqa/test"))
        .build();
  }

  static JobSpec minimal() {
    return JobSpec.newBuilder().addDomains(domain("law")).addDomains(domain("reviews")).build();
  }

  @Test
  void anEmptyishSpecGetsEveryDocumentedDefault() {
    JobSpec s = JobSpecValidator.validate(minimal());
    assertThat(s.getAlgorithm()).isEqualTo(MetaAlgorithm.META_ALGORITHM_FOMAML);
    assertThat(s.getSupportSize()).isEqualTo(16);
    assertThat(s.getQuerySize()).isEqualTo(16);
    assertThat(s.getInnerLearningRate()).isEqualTo(1e-4);
    assertThat(s.getInnerSteps()).isEqualTo(1);
    assertThat(s.getOuterLearningRate()).isEqualTo(1e-5);
    assertThat(s.getMetaBatchSize()).isEqualTo(4);
    assertThat(s.getMetaSteps()).isEqualTo(1000);
    assertThat(s.getTaskSampling()).isEqualTo(TaskSampling.TASK_SAMPLING_UNIFORM);
    assertThat(s.getTrainableParameters().getKind())
        .isEqualTo(ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL);
    assertThat(s.getInnerParameters()).isEqualTo(s.getTrainableParameters());
    assertThat(s.getSeed()).isNotZero();
    assertThat(s.getCheckpointEvery()).isEqualTo(50);
    assertThat(s.getEvaluateEvery()).isEqualTo(100);
    assertThat(s.getEvaluationExamples()).isEqualTo(100);
    assertThat(s.getRetrievalTopK()).isEqualTo(5);
    assertThat(s.getBaseModelVersion()).isEqualTo("base");
    assertThat(s.getExecutor()).isEqualTo(ExecutorKind.EXECUTOR_KIND_LOCAL);
    assertThat(s.getDomains(0).getCollection()).isEqualTo("law");
    // Validating the completed spec again changes nothing: it says exactly what runs.
    assertThat(JobSpecValidator.validate(s)).isEqualTo(s);
  }

  @Test
  void aBaseModelVersionMustLookLikeAVersionIdAndIsKeptAsGiven() {
    assertInvalid(
        b -> b.setBaseModelVersion("../models/theta0-1"),
        "spec.base_model_version",
        "must be a model version id such as 'base', 'theta0-3' or 'law-v2'");
    assertInvalid(b -> b.setBaseModelVersion("x".repeat(129)), "spec.base_model_version", "129");
    assertThat(
            JobSpecValidator.validate(minimal().toBuilder().setBaseModelVersion("law-v2").build())
                .getBaseModelVersion())
        .isEqualTo("law-v2");
  }

  @Test
  void algorithmSpecificDefaults() {
    JobSpec reptile =
        JobSpecValidator.validate(
            minimal().toBuilder().setAlgorithm(MetaAlgorithm.META_ALGORITHM_REPTILE).build());
    assertThat(reptile.getInnerSteps()).isEqualTo(5);
    JobSpec anil =
        JobSpecValidator.validate(
            minimal().toBuilder().setAlgorithm(MetaAlgorithm.META_ALGORITHM_ANIL).build());
    assertThat(anil.getInnerParameters().getKind())
        .isEqualTo(ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY);
    JobSpec shortJob = JobSpecValidator.validate(minimal().toBuilder().setMetaSteps(10).build());
    assertThat(shortJob.getCheckpointEvery()).isEqualTo(10);
    assertThat(shortJob.getEvaluateEvery()).isEqualTo(10);
  }

  @Test
  void jointNeedsOneDomainTheMetaAlgorithmsTwo() {
    JobSpec one = JobSpec.newBuilder().addDomains(domain("law")).build();
    assertInvalid(one, "spec.domains", "between 2 and 64");
    assertThat(
            JobSpecValidator.validate(
                    one.toBuilder().setAlgorithm(MetaAlgorithm.META_ALGORITHM_JOINT).build())
                .getDomainsCount())
        .isEqualTo(1);
  }

  @Test
  void eachBadFieldIsNamed() {
    assertInvalid(b -> b.setSupportSize(257), "spec.support_size", "between 1 and 256");
    assertInvalid(b -> b.setQuerySize(-1), "spec.query_size", "between 1 and 256");
    assertInvalid(b -> b.setInnerLearningRate(Double.NaN), "spec.inner_learning_rate", "(0, 1]");
    assertInvalid(b -> b.setOuterLearningRate(1.5), "spec.outer_learning_rate", "(0, 1]");
    assertInvalid(b -> b.setInnerSteps(21), "spec.inner_steps", "between 1 and 20");
    assertInvalid(b -> b.setMetaBatchSize(65), "spec.meta_batch_size", "between 1 and 64");
    assertInvalid(b -> b.setMetaSteps(2_000_000), "spec.meta_steps", "between 1 and 1000000");
    assertInvalid(
        b -> b.setMetaSteps(10).setCheckpointEvery(11),
        "spec.checkpoint_every",
        "between 1 and 10");
    assertInvalid(b -> b.setRetrievalTopK(21), "spec.retrieval_top_k", "between 1 and 20");
    assertInvalid(b -> b.setDisplayName("x".repeat(257)), "spec.display_name", "256");
    assertInvalid(b -> b.setDomains(1, domain("Bad Name")), "spec.domains[1].name", "[a-z0-9_-]");
    assertInvalid(b -> b.setDomains(1, domain("law")), "spec.domains[1].name", "used twice");
    assertInvalid(
        b -> b.setDomains(0, domain("law").toBuilder().clearDataset()),
        "spec.domains[0]",
        "set dataset (a data set path or name on the server) or examples");
    assertInvalid(
        b ->
            b.setDomains(
                0, domain("law").toBuilder().setDataset(DatasetRef.newBuilder().setLimit(3))),
        "spec.domains[0].dataset",
        "exactly one of path and name");
    assertInvalid(
        b -> b.addEvaluationDomains(domain("reviews")),
        "spec.evaluation_domains[0].name",
        "used twice");
  }

  private static SourceDomain inline(String name, int count, int questionChars) {
    return TinyJobSpecs.inlineDomain(name, count, questionChars);
  }

  @Test
  void inlineExamplesAreAcceptedKeptAndLikeADataSetGetTheirCollection() {
    JobSpec s =
        JobSpecValidator.validate(
            minimal().toBuilder()
                .setDomains(0, inline("law", 40, 10))
                .addEvaluationDomains(inline("held", 20, 10))
                .build());
    assertThat(s.getDomains(0).getExamples()).isEqualTo(inline("law", 40, 10).getExamples());
    assertThat(s.getDomains(0).getCollection()).isEqualTo("law");
    assertThat(s.getEvaluationDomains(0).getExamples().getExamplesCount()).isEqualTo(20);
  }

  @Test
  void inlineExamplesAreCheckedByTheSharedRulesAndBoundedPerDomainAndInAll() {
    assertInvalid(
        b -> b.setDomains(1, inline("reviews", 0, 1)),
        "spec.domains[1].examples.examples",
        "give at least one labelled example");
    assertInvalid(
        b -> b.setDomains(1, inline("reviews", 1025, 1)),
        "spec.domains[1].examples.examples",
        "1025 examples; at most 1024 are allowed");
    InlineExamples three = inline("e", 3, 1).getExamples();
    SourceDomain withoutAnswer =
        inline("e", 3, 1).toBuilder()
            .setExamples(
                three.toBuilder().setExamples(2, three.getExamples(2).toBuilder().clearAnswers()))
            .build();
    assertInvalid(
        b -> b.addEvaluationDomains(withoutAnswer),
        "spec.evaluation_domains[0].examples.examples[2].answers",
        "give 1 to 16 answer texts, got 0");
    // Two domains of ~600 KB each: within the per-domain count, over 1 MiB together. The field
    // named is where the total crossed the limit.
    assertInvalid(
        b -> b.setDomains(0, inline("law", 150, 4000)).setDomains(1, inline("reviews", 150, 4000)),
        "spec.domains[1].examples",
        "at most 1048576 (1 MiB) are allowed in all");
    assertInvalid(
        b -> b.setDomains(0, inline("law", 150, 4000)).addEvaluationDomains(inline("e", 150, 4000)),
        "spec.evaluation_domains[0].examples",
        "at most 1048576 (1 MiB)");
  }

  @Test
  void inlineExamplesFiltersAreKeptAndCheckedByTheSharedRules() {
    MetadataFilter policy = MetadataFilter.newBuilder().setKey("policy").addAnyOf("acme").build();
    SourceDomain scoped = withFilters(inline("law", 3, 1), 2, policy.toBuilder());
    JobSpec s = JobSpecValidator.validate(minimal().toBuilder().setDomains(0, scoped).build());
    assertThat(s.getDomains(0).getExamples().getExamples(2).getFiltersList())
        .containsExactly(policy);

    assertInvalid(
        b -> b.setDomains(0, withFilters(inline("law", 3, 1), 2, policy.toBuilder().setKey(""))),
        "spec.domains[0].examples.examples[2].filters[0].key",
        "required");
    assertInvalid(
        b ->
            b.addEvaluationDomains(
                withFilters(
                    inline("e", 3, 1),
                    1,
                    policy.toBuilder(),
                    policy.toBuilder().setKey("item").clearAnyOf())),
        "spec.evaluation_domains[0].examples.examples[1].filters[1].any_of",
        "give at least one value");
    MetadataFilter.Builder[] seventeen = new MetadataFilter.Builder[17];
    for (int i = 0; i < seventeen.length; i++) {
      seventeen[i] = policy.toBuilder().setKey("k" + i);
    }
    assertInvalid(
        b -> b.setDomains(1, withFilters(inline("reviews", 3, 1), 0, seventeen)),
        "spec.domains[1].examples.examples[0].filters",
        "17 filters; at most 16 are allowed");
  }

  private static SourceDomain withFilters(
      SourceDomain domain, int index, MetadataFilter.Builder... filters) {
    InlineExamples examples = domain.getExamples();
    dev.metarag.proto.v1.QaExample.Builder e = examples.getExamples(index).toBuilder();
    for (MetadataFilter.Builder f : filters) {
      e.addFilters(f);
    }
    return domain.toBuilder().setExamples(examples.toBuilder().setExamples(index, e)).build();
  }

  @Test
  void parameterSubsetsMustNest() {
    ParameterSubset heads =
        ParameterSubset.newBuilder()
            .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY)
            .build();
    ParameterSubset top2 =
        ParameterSubset.newBuilder()
            .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS)
            .setTopLayers(2)
            .build();
    ParameterSubset all =
        ParameterSubset.newBuilder().setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL).build();
    assertInvalid(
        b -> b.setTrainableParameters(heads).setInnerParameters(top2),
        "spec.inner_parameters",
        "within trainable_parameters (HEADS_ONLY)");
    assertInvalid(
        b -> b.setTrainableParameters(top2.toBuilder().setTopLayers(7)),
        "spec.trainable_parameters.top_layers",
        "between 1 and 6");
    assertInvalid(
        b -> b.setTrainableParameters(heads.toBuilder().setTopLayers(1)),
        "spec.trainable_parameters.top_layers",
        "must be 0");
    assertInvalid(
        b -> b.setAlgorithm(MetaAlgorithm.META_ALGORITHM_ANIL).setInnerParameters(all),
        "spec.inner_parameters",
        "ANIL");
    JobSpec ok =
        JobSpecValidator.validate(
            minimal().toBuilder().setTrainableParameters(top2).setInnerParameters(heads).build());
    assertThat(ok.getInnerParameters()).isEqualTo(heads);
  }

  @Test
  void executorOptionsMatchTheExecutor() {
    KubernetesExecutorSpec k8s =
        KubernetesExecutorSpec.newBuilder()
            .setImage("registry.example.com/metarag-worker:0.1.0")
            .setGpus(1)
            .build();
    assertInvalid(
        b -> b.setKubernetes(k8s), "spec.kubernetes", "must not be set with the LOCAL executor");
    // Without options and without a trainer default image, the image is what is missing.
    assertInvalid(
        b -> b.setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES),
        "spec.kubernetes.image",
        "metarag.trainer.kubernetes.default-image");
    assertInvalid(
        b ->
            b.setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
                .setKubernetes(k8s)
                .setLocal(LocalExecutorSpec.getDefaultInstance()),
        "spec.local",
        "must not be set");
    assertInvalid(
        b -> b.setLocal(LocalExecutorSpec.newBuilder().setMaxHeapMib(100)),
        "spec.local.max_heap_mib",
        "between 256");
    JobSpec k =
        JobSpecValidator.validate(
            minimal().toBuilder()
                .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
                .setKubernetes(k8s)
                .build());
    assertThat(k.getKubernetes().getBackoffLimit()).isEqualTo(3);
    assertThat(k.getKubernetes().getGpuResourceName()).isEqualTo("nvidia.com/gpu");
    assertThat(k.getKubernetes().hasActiveDeadlineSeconds()).isTrue();
    assertThat(k.getKubernetes().getActiveDeadlineSeconds()).isZero();
  }

  @Test
  void kubernetesOptionsAreCheckedLikeTheApiServerWould() {
    UnaryOperator<KubernetesExecutorSpec.Builder> base =
        k -> k.setImage("registry.example.com/w:1.2");
    assertK8sInvalid(k -> k.setImage(""), "spec.kubernetes.image", "required");
    assertK8sInvalid(
        k -> k.setImage("registry.example.com/w:latest"), "spec.kubernetes.image", "pinned");
    assertK8sInvalid(
        k -> k.setImage("registry.example.com:5000/w"), "spec.kubernetes.image", "pinned");
    assertK8sInvalid(k -> base.apply(k).setGpus(17), "spec.kubernetes.gpus", "between 0 and 16");
    assertK8sInvalid(k -> base.apply(k).setMemory("16 GB"), "spec.kubernetes.memory", "quantity");
    assertK8sInvalid(
        k -> base.apply(k).setActiveDeadlineSeconds(-1),
        "spec.kubernetes.active_deadline_seconds",
        "negative");
    assertK8sInvalid(
        k ->
            base.apply(k)
                .addTolerations(
                    KubernetesToleration.newBuilder().setKey("gpu").setOperator("Maybe")),
        "spec.kubernetes.tolerations[0].operator",
        "Equal or Exists");
    assertK8sInvalid(
        k ->
            base.apply(k)
                .addTolerations(
                    KubernetesToleration.newBuilder()
                        .setKey("gpu")
                        .setOperator("Exists")
                        .setValue("x")),
        "spec.kubernetes.tolerations[0].value",
        "empty");
    assertK8sInvalid(
        k -> base.apply(k).putLabels("metarag.dev/job-id", "x"),
        "spec.kubernetes.labels",
        "reserved");
    assertK8sInvalid(
        k -> base.apply(k).putLabels("team", "ml platform"),
        "spec.kubernetes.labels",
        "label value");
    assertK8sInvalid(
        k -> base.apply(k).setNamespace("ML"), "spec.kubernetes.namespace", "namespace");
    JobSpecValidator.validate(
        k8sSpec(
            k ->
                base.apply(k)
                    .setImage("registry.example.com/w@sha256:abcd")
                    .setCpu("3500m")
                    .setMemory("16Gi")));
  }

  private static JobSpec k8sSpec(UnaryOperator<KubernetesExecutorSpec.Builder> k) {
    return minimal().toBuilder()
        .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
        .setKubernetes(k.apply(KubernetesExecutorSpec.newBuilder()))
        .build();
  }

  private static void assertK8sInvalid(
      UnaryOperator<KubernetesExecutorSpec.Builder> k, String field, String text) {
    assertThatThrownBy(() -> JobSpecValidator.validate(k8sSpec(k)))
        .isInstanceOfSatisfying(
            InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(text);
  }

  private static void assertInvalid(
      UnaryOperator<JobSpec.Builder> change, String field, String text) {
    assertInvalid(change.apply(minimal().toBuilder()).build(), field, text);
  }

  private static void assertInvalid(JobSpec spec, String field, String text) {
    assertThatThrownBy(() -> JobSpecValidator.validate(spec))
        .isInstanceOfSatisfying(
            InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(text);
  }
}
