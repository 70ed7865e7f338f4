package dev.metarag.trainer.tasks;

import dev.metarag.jobs.CandidatePool;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.TaskExample;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.SourceDomain;
import io.grpc.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a validated spec into a prepared job directory: each domain's questions with their
 * retrieval candidates (within each question's metadata filters, when it has any), the candidate
 * pools of the evaluation domains' questions, and the worker's configuration. {@link #check} runs
 * inside StartJob (so a missing data set or collection is the caller's NOT_FOUND); {@link #prepare}
 * runs after it, in the background, because retrieving candidates for thousands of questions takes
 * a while.
 */
public final class TaskPreparation {
  private final DatasetLoader loader;
  private final CandidateRetrieval retrieval;

  public TaskPreparation(DatasetLoader loader, CandidateRetrieval retrieval) {
    this.loader = loader;
    this.retrieval = retrieval;
  }

  /** The data of every domain, after checking that it and its collection exist and suffice. */
  public Map<String, LoadedDataset> check(JobSpec spec) {
    Map<String, LoadedDataset> data = new LinkedHashMap<>();
    boolean general = spec.getKind() == JobKind.JOB_KIND_GENERAL_READER;
    int needed = general ? 1 : spec.getSupportSize() + spec.getQuerySize();
    for (int i = 0; i < spec.getDomainsCount(); i++) {
      SourceDomain d = spec.getDomains(i);
      String field = "spec.domains[" + i + "]";
      LoadedDataset loaded = load(field, d);
      if (loaded.questions().size() < needed) {
        throw Status.INVALID_ARGUMENT
            .withDescription(
                dataField(field, d)
                    + ": "
                    + loaded.questions().size()
                    + " answerable questions, fewer than "
                    + (general ? "1" : "support_size + query_size = " + needed))
            .asRuntimeException();
      }
      retrieval.requireCollection(field + ".collection", d.getCollection());
      data.put(d.getName(), loaded);
    }
    for (int i = 0; i < spec.getEvaluationDomainsCount(); i++) {
      SourceDomain d = spec.getEvaluationDomains(i);
      String field = "spec.evaluation_domains[" + i + "]";
      LoadedDataset loaded = load(field, d);
      if (loaded.questions().size() <= (general ? 0 : spec.getSupportSize())) {
        throw Status.INVALID_ARGUMENT
            .withDescription(
                dataField(field, d)
                    + ": needs more than support_size = "
                    + spec.getSupportSize()
                    + " answerable questions, has "
                    + loaded.questions().size())
            .asRuntimeException();
      }
      retrieval.requireCollection(field + ".collection", d.getCollection());
      data.put(d.getName(), loaded);
    }
    return data;
  }

  /** A domain's questions, from the data set it names or the examples it carries. */
  private LoadedDataset load(String field, SourceDomain d) {
    return d.hasExamples()
        ? InlineDataset.load(d.getName(), d.getExamples())
        : loader.load(field + ".dataset", d.getDataset());
  }

  private static String dataField(String field, SourceDomain d) {
    return field + (d.hasExamples() ? ".examples" : ".dataset");
  }

  /**
   * The training steps of a job over checked data: its meta-steps, or for a general reader the
   * epochs of batches over every training question (the worker takes exactly these).
   */
  public static long totalSteps(JobSpec spec, Map<String, LoadedDataset> data) {
    if (spec.getKind() != JobKind.JOB_KIND_GENERAL_READER) {
      return spec.getMetaSteps();
    }
    long questions = 0;
    for (SourceDomain d : spec.getDomainsList()) {
      questions += data.get(d.getName()).questions().size();
    }
    int batch = spec.getGeneralReader().getBatchSize();
    return (questions + batch - 1) / batch * spec.getGeneralReader().getEpochs();
  }

  /**
   * Writes every domain's tasks and the worker configuration into the job directory.
   *
   * @param model the model the job trains
   * @param baseVersion the registered version it starts from, already in the job directory; null
   *     for the model itself
   * @param progress told "domain: n/total questions" as candidates arrive
   */
  public void prepare(
      String jobId,
      JobSpec spec,
      Map<String, LoadedDataset> data,
      String model,
      WorkerConfig.BaseVersion baseVersion,
      JobDirectory directory,
      Consumer<String> progress)
      throws IOException {
    Map<String, String> checksums = new LinkedHashMap<>();
    List<WorkerConfig.Domain> sources = new ArrayList<>();
    boolean general = spec.getKind() == JobKind.JOB_KIND_GENERAL_READER;
    for (SourceDomain d : spec.getDomainsList()) {
      sources.add(
          general
              ? writeWithGold(d, data.get(d.getName()), spec, directory, checksums, progress)
              : write(d, data.get(d.getName()), spec, directory, checksums, progress));
    }
    List<WorkerConfig.Domain> evaluation = new ArrayList<>();
    for (SourceDomain d : spec.getEvaluationDomainsList()) {
      WorkerConfig.Domain written =
          write(d, data.get(d.getName()), spec, directory, checksums, progress);
      String pool = writePool(d, data.get(d.getName()), spec, directory, progress);
      evaluation.add(
          new WorkerConfig.Domain(written.name(), written.tasksFile(), written.examples(), pool));
    }
    directory.writeConfig(
        WorkerConfigs.from(
            jobId,
            spec,
            model,
            sources,
            evaluation,
            checksums,
            baseVersion,
            totalSteps(spec, data)));
  }

  /**
   * A general reader's training domain: each question with its gold passage and hard negatives.
   * Every question is kept (the worker's step count depends on it), also those whose gold passage
   * retrieval did not reach; how many did is reported.
   */
  private WorkerConfig.Domain writeWithGold(
      SourceDomain domain,
      LoadedDataset loaded,
      JobSpec spec,
      JobDirectory directory,
      Map<String, String> checksums,
      Consumer<String> progress)
      throws IOException {
    int negatives = spec.getGeneralReader().getHardNegatives();
    List<TaskExample> examples = new ArrayList<>(loaded.questions().size());
    int total = loaded.questions().size();
    int gold = 0;
    for (LabelledQuestion q : loaded.questions()) {
      CandidateRetrieval.GoldCandidates c =
          retrieval.goldWithNegatives(domain.getCollection(), q, negatives);
      examples.add(c.example());
      gold += c.goldFound() ? 1 : 0;
      if (examples.size() % 100 == 0 || examples.size() == total) {
        progress.accept(
            "preparing tasks: "
                + domain.getName()
                + " "
                + examples.size()
                + "/"
                + total
                + " questions, gold passage among the top "
                + CandidateRetrieval.GOLD_SEARCH_DEPTH
                + " for "
                + gold);
      }
    }
    checksums.put(loaded.key(), loaded.sha256());
    String file = directory.writeTasks(domain.getName(), examples);
    return new WorkerConfig.Domain(domain.getName(), file, examples.size());
  }

  /**
   * The questions an evaluation can score: a meta-training evaluation adapts on at most the first
   * support_size questions of an evaluation domain and scores at most evaluation_examples after
   * them; a general reader's scores the first evaluation_examples.
   */
  static int scorable(JobSpec spec, int questions) {
    boolean general = spec.getKind() == JobKind.JOB_KIND_GENERAL_READER;
    long wanted = (general ? 0L : spec.getSupportSize()) + spec.getEvaluationExamples();
    return (int) Math.min(questions, wanted);
  }

  /**
   * An evaluation domain's candidate pools: for each question an evaluation may score, the top
   * {@value CandidateRetrieval#POOL_DEPTH} passages of hybrid retrieval within its filters, which
   * each evaluation ranks with the current query encoder (so its recall measures that encoder, up
   * to the pool's own recall). One retrieval per question, each passage stored once.
   *
   * @return the pool file, relative to the job directory
   */
  private String writePool(
      SourceDomain domain,
      LoadedDataset loaded,
      JobSpec spec,
      JobDirectory directory,
      Consumer<String> progress)
      throws IOException {
    int count = scorable(spec, loaded.questions().size());
    List<TaskExample.Passage> passages = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    List<List<Integer>> pools = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<Integer> pool = new ArrayList<>(CandidateRetrieval.POOL_DEPTH);
      for (TaskExample.Passage p :
          retrieval.pool(
              domain.getCollection(), loaded.questions().get(i), CandidateRetrieval.POOL_DEPTH)) {
        Integer at = index.get(p.passageId());
        if (at == null) {
          at = passages.size();
          index.put(p.passageId(), at);
          passages.add(p);
        }
        pool.add(at);
      }
      pools.add(pool);
      if (pools.size() % 100 == 0 || pools.size() == count) {
        progress.accept(
            "preparing evaluation pools: "
                + domain.getName()
                + " "
                + pools.size()
                + "/"
                + count
                + " questions, "
                + passages.size()
                + " passages");
      }
    }
    return directory.writePool(
        domain.getName(), new CandidatePool(CandidateRetrieval.POOL_DEPTH, passages, pools));
  }

  private WorkerConfig.Domain write(
      SourceDomain domain,
      LoadedDataset loaded,
      JobSpec spec,
      JobDirectory directory,
      Map<String, String> checksums,
      Consumer<String> progress)
      throws IOException {
    List<TaskExample> examples = new ArrayList<>(loaded.questions().size());
    int total = loaded.questions().size();
    for (LabelledQuestion q : loaded.questions()) {
      examples.add(retrieval.candidates(domain.getCollection(), q, spec.getRetrievalTopK()));
      if (examples.size() % 100 == 0 || examples.size() == total) {
        progress.accept(
            "preparing tasks: "
                + domain.getName()
                + " "
                + examples.size()
                + "/"
                + total
                + " questions");
      }
    }
    checksums.put(loaded.key(), loaded.sha256());
    String file = directory.writeTasks(domain.getName(), examples);
    return new WorkerConfig.Domain(domain.getName(), file, examples.size());
  }
}
