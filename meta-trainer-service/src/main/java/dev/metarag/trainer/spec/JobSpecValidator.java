package dev.metarag.trainer.spec;

import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.LocalExecutorSpec;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.proto.v1.TaskSampling;
import dev.metarag.registry.VersionIds;
import dev.metarag.security.limits.Quoted;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link JobSpec} field by field against the contract and returns it with every default
 * filled in, so that the stored spec alone says exactly what ran. The first bad field is reported.
 */
public final class JobSpecValidator {
  private static final Pattern DOMAIN_NAME = Pattern.compile("^[a-z0-9_-]{1,64}$");
  private static final SecureRandom SEEDS = new SecureRandom();

  private JobSpecValidator() {}

  /**
   * Validates a spec for a trainer without KUBERNETES defaults ({@link KubernetesDefaults#NONE}).
   */
  public static JobSpec validate(JobSpec spec) {
    return validate(spec, KubernetesDefaults.NONE);
  }

  /**
   * Validates a spec and completes it; the {@code kubernetes} part takes the trainer's defaults
   * where the request leaves a field empty or unset.
   */
  public static JobSpec validate(JobSpec spec, KubernetesDefaults kubernetesDefaults) {
    JobSpec.Builder out = spec.toBuilder();
    Check.that(
        spec.getDisplayName().length() <= 256, "spec.display_name", "at most 256 characters");
    JobKind kind = kind(spec.getKind());
    out.setKind(kind);
    if (kind == JobKind.JOB_KIND_GENERAL_READER) {
      return generalReader(spec, out, kubernetesDefaults);
    }
    Check.that(
        !spec.hasGeneralReader(),
        "spec.general_reader",
        "only for kind GENERAL_READER; this job meta-trains");

    MetaAlgorithm algorithm = algorithm(spec.getAlgorithm());
    out.setAlgorithm(algorithm);
    boolean joint = algorithm == MetaAlgorithm.META_ALGORITHM_JOINT;

    int minDomains = joint ? 1 : 2;
    Check.that(
        spec.getDomainsCount() >= minDomains && spec.getDomainsCount() <= 64,
        "spec.domains",
        "needs between "
            + minDomains
            + " and 64 source domains for "
            + algorithm.name().substring(15)
            + ", got "
            + spec.getDomainsCount());
    domains(spec, out);

    out.setSupportSize(Check.intOr("spec.support_size", spec.getSupportSize(), 16, 1, 256));
    out.setQuerySize(Check.intOr("spec.query_size", spec.getQuerySize(), 16, 1, 256));
    out.setInnerLearningRate(
        Check.rateOr("spec.inner_learning_rate", spec.getInnerLearningRate(), 1e-4));
    int defaultInnerSteps = algorithm == MetaAlgorithm.META_ALGORITHM_REPTILE ? 5 : 1;
    out.setInnerSteps(
        Check.intOr("spec.inner_steps", spec.getInnerSteps(), defaultInnerSteps, 1, 20));
    out.setOuterLearningRate(
        Check.rateOr("spec.outer_learning_rate", spec.getOuterLearningRate(), 1e-5));
    out.setMetaBatchSize(Check.intOr("spec.meta_batch_size", spec.getMetaBatchSize(), 4, 1, 64));
    int steps = Check.intOr("spec.meta_steps", spec.getMetaSteps(), 1000, 1, 1_000_000);
    out.setMetaSteps(steps);
    out.setTaskSampling(sampling(spec.getTaskSampling()));

    ParameterSubset trainable = trainableParameters(spec);
    out.setTrainableParameters(trainable);
    out.setInnerParameters(innerParameters(spec, algorithm, trainable));

    out.setSeed(seed(spec.getSeed()));
    out.setCheckpointEvery(
        Check.intOr(
            "spec.checkpoint_every", spec.getCheckpointEvery(), Math.min(50, steps), 1, steps));
    out.setEvaluateEvery(
        Check.intOr(
            "spec.evaluate_every", spec.getEvaluateEvery(), Math.min(100, steps), 1, steps));
    out.setEvaluationExamples(
        Check.intOr("spec.evaluation_examples", spec.getEvaluationExamples(), 100, 1, 10_000));
    out.setRetrievalTopK(Check.intOr("spec.retrieval_top_k", spec.getRetrievalTopK(), 5, 1, 20));
    out.setBaseModelVersion(baseModelVersion(spec.getBaseModelVersion()));
    executor(spec, out, kubernetesDefaults);
    return out.build();
  }

  /**
   * The source and evaluation domains, checked, with collections filled in; names unique; inline
   * examples within their size in all.
   */
  private static void domains(JobSpec spec, JobSpec.Builder out) {
    Set<String> names = new HashSet<>();
    long inlineBytes = 0;
    out.clearDomains();
    for (int i = 0; i < spec.getDomainsCount(); i++) {
      String field = "spec.domains[" + i + "]";
      out.addDomains(domain(field, spec.getDomains(i), names));
      inlineBytes = addInline(field, spec.getDomains(i), inlineBytes);
    }
    out.clearEvaluationDomains();
    for (int i = 0; i < spec.getEvaluationDomainsCount(); i++) {
      String field = "spec.evaluation_domains[" + i + "]";
      out.addEvaluationDomains(domain(field, spec.getEvaluationDomains(i), names));
      inlineBytes = addInline(field, spec.getEvaluationDomains(i), inlineBytes);
    }
  }

  private static long addInline(String field, SourceDomain d, long total) {
    return d.hasExamples()
        ? InlineDomains.addToTotal(field + ".examples", d.getExamples(), total)
        : total;
  }

  /** The outer (or only) trainable parameters; unspecified means ALL. */
  private static ParameterSubset trainableParameters(JobSpec spec) {
    return spec.hasTrainableParameters()
            && spec.getTrainableParameters().getKind()
                != ParameterSubsetKind.PARAMETER_SUBSET_KIND_UNSPECIFIED
        ? ParameterSubsets.validate("spec.trainable_parameters", spec.getTrainableParameters())
        : ParameterSubsets.of(ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL);
  }

  /** The spec's seed, or a random positive one the returned spec shows. */
  private static long seed(long requested) {
    return requested != 0 ? requested : 1 + (SEEDS.nextLong() & Long.MAX_VALUE >>> 1);
  }

  private static JobKind kind(JobKind k) {
    Check.that(k != JobKind.UNRECOGNIZED, "spec.kind", "unknown job kind number");
    return k == JobKind.JOB_KIND_UNSPECIFIED ? JobKind.JOB_KIND_META_TRAINING : k;
  }

  /**
   * A GENERAL_READER job: its domains (the training data, usually one) and evaluation domains as
   * for meta-training, its own settings, and the fields every job has.
   */
  private static JobSpec generalReader(
      JobSpec spec, JobSpec.Builder out, KubernetesDefaults kubernetesDefaults) {
    GeneralReaderSpecs.requireNoMetaSettings(spec);
    Check.that(
        spec.getDomainsCount() >= 1 && spec.getDomainsCount() <= 64,
        "spec.domains",
        "needs between 1 and 64 training domains (for example squad/train), got "
            + spec.getDomainsCount());
    domains(spec, out);
    out.setGeneralReader(GeneralReaderSpecs.validate(spec.getGeneralReader()));
    out.setTrainableParameters(trainableParameters(spec));
    out.setSeed(seed(spec.getSeed()));
    out.setCheckpointEvery(
        Check.intOr(
            "spec.checkpoint_every",
            spec.getCheckpointEvery(),
            GeneralReaderSpecs.DEFAULT_CHECKPOINT_EVERY,
            1,
            1_000_000));
    out.setEvaluateEvery(
        Check.intOr(
            "spec.evaluate_every",
            spec.getEvaluateEvery(),
            GeneralReaderSpecs.DEFAULT_EVALUATE_EVERY,
            1,
            1_000_000));
    out.setEvaluationExamples(
        Check.intOr("spec.evaluation_examples", spec.getEvaluationExamples(), 100, 1, 10_000));
    out.setRetrievalTopK(Check.intOr("spec.retrieval_top_k", spec.getRetrievalTopK(), 5, 1, 20));
    out.setBaseModelVersion(baseModelVersion(spec.getBaseModelVersion()));
    executor(spec, out, kubernetesDefaults);
    return out.build();
  }

  /** Only the id's shape is checked here; StartJob looks the version up in the registry. */
  private static String baseModelVersion(String version) {
    if (version.isEmpty()) {
      return VersionIds.BASE;
    }
    Check.that(
        VersionIds.isVersionId(version),
        "spec.base_model_version",
        "must be a model version id such as 'base', 'theta0-3' or 'law-v2' (1 to 128 characters"
            + " of A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit), got "
            + Quoted.of(version));
    return version;
  }

  private static MetaAlgorithm algorithm(MetaAlgorithm a) {
    if (a == MetaAlgorithm.META_ALGORITHM_UNSPECIFIED) {
      return MetaAlgorithm.META_ALGORITHM_FOMAML;
    }
    Check.that(a != MetaAlgorithm.UNRECOGNIZED, "spec.algorithm", "unknown algorithm number");
    return a;
  }

  private static TaskSampling sampling(TaskSampling s) {
    Check.that(
        s != TaskSampling.UNRECOGNIZED, "spec.task_sampling", "unknown task sampling number");
    return s == TaskSampling.TASK_SAMPLING_UNSPECIFIED ? TaskSampling.TASK_SAMPLING_UNIFORM : s;
  }

  private static SourceDomain domain(String f, SourceDomain d, Set<String> names) {
    Check.that(
        DOMAIN_NAME.matcher(d.getName()).matches(),
        f + ".name",
        "1 to 64 characters of [a-z0-9_-], got " + Quoted.of(d.getName()));
    Check.that(
        names.add(d.getName()),
        f + ".name",
        Quoted.of(d.getName()) + " is used twice; domain names must be unique");
    switch (d.getDataCase()) {
      case DATASET -> dataset(f + ".dataset", d.getDataset());
      case EXAMPLES -> InlineDomains.check(f + ".examples", d.getExamples());
      case DATA_NOT_SET ->
          throw new InvalidSpecException(
              f,
              "set dataset (a data set path or name on the server) or examples (the labelled"
                  + " questions themselves)");
    }
    SourceDomain.Builder out = d.toBuilder();
    if (d.getCollection().isEmpty()) {
      out.setCollection(d.getName());
    }
    return out.build();
  }

  private static void dataset(String f, DatasetRef ref) {
    switch (ref.getSourceCase()) {
      case PATH -> Check.that(!ref.getPath().isBlank(), f + ".path", "must not be empty");
      case NAME -> Check.that(!ref.getName().isBlank(), f + ".name", "must not be empty");
      default -> throw new InvalidSpecException(f, "set exactly one of path and name");
    }
    Check.that(ref.getLimit() >= 0, f + ".limit", "must not be negative, got " + ref.getLimit());
    Check.that(
        ref.getFormat() != dev.metarag.proto.v1.DatasetFormat.UNRECOGNIZED,
        f + ".format",
        "unknown format number");
  }

  private static ParameterSubset innerParameters(
      JobSpec spec, MetaAlgorithm algorithm, ParameterSubset trainable) {
    boolean anil = algorithm == MetaAlgorithm.META_ALGORITHM_ANIL;
    ParameterSubset inner;
    if (spec.hasInnerParameters()
        && spec.getInnerParameters().getKind()
            != ParameterSubsetKind.PARAMETER_SUBSET_KIND_UNSPECIFIED) {
      inner = ParameterSubsets.validate("spec.inner_parameters", spec.getInnerParameters());
    } else {
      inner =
          anil
              ? ParameterSubsets.of(ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY)
              : trainable;
    }
    Check.that(
        ParameterSubsets.within(inner, trainable),
        "spec.inner_parameters",
        "must be within trainable_parameters ("
            + ParameterSubsets.notation(trainable)
            + "), got "
            + ParameterSubsets.notation(inner));
    Check.that(
        !anil || inner.getKind() != ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL,
        "spec.inner_parameters",
        "ANIL adapts heads or top layers only, not ALL");
    return inner;
  }

  private static void executor(
      JobSpec spec, JobSpec.Builder out, KubernetesDefaults kubernetesDefaults) {
    ExecutorKind kind =
        spec.getExecutor() == ExecutorKind.EXECUTOR_KIND_UNSPECIFIED
            ? ExecutorKind.EXECUTOR_KIND_LOCAL
            : spec.getExecutor();
    Check.that(kind != ExecutorKind.UNRECOGNIZED, "spec.executor", "unknown executor number");
    out.setExecutor(kind);
    if (kind == ExecutorKind.EXECUTOR_KIND_LOCAL) {
      Check.that(
          !spec.hasKubernetes(), "spec.kubernetes", "must not be set with the LOCAL executor");
      LocalExecutorSpec local = spec.getLocal();
      Check.that(
          local.getThreads() >= 0 && local.getThreads() <= 256,
          "spec.local.threads",
          "must be between 1 and 256 (0 means all cores), got " + local.getThreads());
      Check.that(
          local.getMaxHeapMib() == 0
              || (local.getMaxHeapMib() >= 256 && local.getMaxHeapMib() <= 1_048_576),
          "spec.local.max_heap_mib",
          "must be between 256 and 1048576 (0 means the configured default), got "
              + local.getMaxHeapMib());
      out.setLocal(local);
    } else {
      Check.that(!spec.hasLocal(), "spec.local", "must not be set with the KUBERNETES executor");
      // Unset means every field from the trainer's defaults (which must then include an image).
      out.setKubernetes(KubernetesSpecValidator.validate(spec.getKubernetes(), kubernetesDefaults));
    }
  }

  /** The names of a spec's source and evaluation domains, in order. */
  public static List<String> domainNames(JobSpec spec) {
    return spec.getDomainsList().stream().map(SourceDomain::getName).toList();
  }
}
