package dev.metarag.jobs;

import java.util.List;

/**
 * What a worker needs to run a meta-training job, written by the service into the job directory.
 * Paths are relative to the job directory, so the directory can be mounted anywhere (a pod sees it
 * under another path than the service).
 *
 * @param jobId the job's id
 * @param algorithm MAML, FOMAML, REPTILE, ANIL, META_SGD or JOINT
 * @param model the model trained: {@link #MODEL_MINILM} (the pretrained MiniLM from the classpath)
 *     or {@link #MODEL_TINY} (a small randomly initialised BERT, for tests); the job starts from it
 *     unless {@code baseVersion} names a registered version of it
 * @param domains the source domains, each with its prepared task file
 * @param evaluationDomains the domains each evaluation adapts to and scores
 * @param trainableParameters the parameters of the outer update: ALL, HEADS_ONLY or TOP_LAYERS:n
 * @param innerParameters the parameters the inner loop adapts, in the same notation
 * @param taskSampling UNIFORM or SIZE_PROPORTIONAL
 * @param dataChecksums SHA-256 of each data file the tasks came from, for the lineage
 * @param baseVersion the registered version the job starts from; null when it starts from {@code
 *     model} itself (the spec's "base")
 * @param generalReader the settings of a general-reader job (supervised training on the domains'
 *     questions, no meta-learning: the meta-learning fields are then unused); null for a
 *     meta-training job, and in configurations written before general-reader jobs existed
 */
public record WorkerConfig(
    String jobId,
    String algorithm,
    String model,
    List<Domain> domains,
    List<Domain> evaluationDomains,
    int supportSize,
    int querySize,
    double innerLearningRate,
    int innerSteps,
    double outerLearningRate,
    int metaBatchSize,
    int metaSteps,
    String taskSampling,
    String trainableParameters,
    String innerParameters,
    long seed,
    int checkpointEvery,
    int evaluateEvery,
    int evaluationExamples,
    int retrievalTopK,
    int threads,
    java.util.Map<String, String> dataChecksums,
    BaseVersion baseVersion,
    GeneralReader generalReader) {

  public static final String MODEL_MINILM = "all-minilm-l6-v2";
  public static final String MODEL_TINY = "tiny";

  /** Where the worker leaves the final theta0 package, relative to the job directory. */
  public static final String OUTPUT_PACKAGE = "output/theta0";

  /**
   * A domain's prepared tasks.
   *
   * @param name the domain's name
   * @param tasksFile the JSON-lines file of {@link TaskExample}s, relative to the job directory
   * @param examples number of lines in it
   * @param poolFile the {@link CandidatePool} of its evaluation questions, relative to the job
   *     directory; null when it has none (a source domain, or a job prepared before pools existed):
   *     evaluation then ranks each question's own candidates
   */
  public record Domain(String name, String tasksFile, int examples, String poolFile) {

    /** A domain without a candidate pool. */
    public Domain(String name, String tasksFile, int examples) {
      this(name, tasksFile, examples, null);
    }
  }

  /**
   * A registered model version a job starts from instead of the pretrained model: the worker loads
   * its parameters (and Meta-SGD's learned inner rates, when it has them and the job is Meta-SGD).
   *
   * @param version its id in the model registry
   * @param ancestors its own ancestors, oldest first, as its lineage lists them; the theta0 the job
   *     registers descends from these and then from {@code version}
   * @param packageDir a copy of its model package, relative to the job directory
   */
  public record BaseVersion(String version, List<String> ancestors, String packageDir) {
    /** The package file the worker reads the parameters from (the training library's name). */
    public static final String PARAMETERS_FILE = "parameters.ndlist";

    /** The manifest field that names the package's model, {@link #MODEL_MINILM} or tiny. */
    public static final String MODEL_FIELD = "model";
  }

  /** Whether the job trains a general reader rather than meta-training a theta0. */
  public boolean trainsGeneralReader() {
    return generalReader != null;
  }

  /**
   * A general-reader job's settings ({@code metaSteps} holds its total training steps).
   *
   * @param epochs passes over the training questions
   * @param batchSize questions per step
   * @param learningRate Adam's peak rate
   * @param warmupFraction share of the steps the rate warms up over before decaying to zero
   * @param hardNegatives retrieved passages offered with each question besides the gold one
   */
  public record GeneralReader(
      int epochs, int batchSize, double learningRate, double warmupFraction, int hardNegatives) {}
}
