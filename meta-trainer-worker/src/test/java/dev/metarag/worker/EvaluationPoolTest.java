package dev.metarag.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.metarag.jobs.CandidatePool;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.TaskExample;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.eval.EvaluationExample;
import dev.metarag.training.eval.EvaluationResult;
import dev.metarag.training.eval.PassageRanking;
import dev.metarag.training.eval.RagEvaluation;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job evaluation ranks each question's candidate pool with the query encoder it evaluates, so its
 * recall moves with that encoder: the same pool, scored with two parameter sets, ranks the answer
 * first for one and below the first five for the other. Without a pool the question's own
 * candidates are ranked, as in jobs prepared before pools existed.
 */
class EvaluationPoolTest {
  private static final String[][] GARDEN = {
    {"When do tulips flower?", "Tulips flower in April.", "April"},
    {"What do roses need?", "Roses need full sun.", "full sun"},
    {"How deep are bulbs planted?", "Bulbs are planted ten centimetres deep.", "ten centimetres"},
    {"What eats the lettuce?", "Slugs eat the lettuce at night.", "Slugs"},
    {"When is the lawn mown?", "The lawn is mown every Saturday.", "every Saturday"},
  };
  private static final int DISTRACTORS = 9;

  @TempDir Path temp;

  @Test
  void theSamePoolRanksDifferentlyUnderTwoQueryEncodersAndRecallFollows() throws Exception {
    RagModelSetup setup = RagModelSetup.of(RagModelSetup.TINY);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters first = setup.initialParameters(1, manager);
      RagParameters second = setup.initialParameters(2, manager);
      JobDirectory job = new JobDirectory(temp.resolve("job"));
      List<TaskExample> tasks = new ArrayList<>();
      List<TaskExample.Passage> passages = new ArrayList<>();
      List<List<Integer>> pools = new ArrayList<>();
      for (int i = 0; i < GARDEN.length; i++) {
        String question = GARDEN[i][0];
        // The answering passage lies along the first encoder's query, the distractors along the
        // second's: each encoder ranks first what lies along its own query.
        float[] byFirst = unit(embed(setup, first, question, manager));
        float[] bySecond = unit(embed(setup, second, question, manager));
        List<Integer> pool = new ArrayList<>();
        pool.add(passages.size());
        passages.add(new TaskExample.Passage("answer-" + i + "#0", GARDEN[i][1], byFirst));
        for (int d = 0; d < DISTRACTORS; d++) {
          pool.add(passages.size());
          passages.add(
              new TaskExample.Passage(
                  "other-" + i + "-" + d + "#0", "Nothing grows in plot " + d + ".", bySecond));
        }
        pools.add(pool);
        // Its own candidates, the few it adapts and trains on, miss the answer.
        tasks.add(
            new TaskExample(
                question,
                List.of(GARDEN[i][2]),
                List.of(
                    TinyJobs.passage("own-" + i + "-0#0", "The shed is locked.", i),
                    TinyJobs.passage("own-" + i + "-1#0", "The gate is green.", 10 + i))));
      }
      String tasksFile = job.writeTasks("garden", tasks);
      String poolFile = job.writePool("garden", new CandidatePool(100, passages, pools));
      RagEvaluation evaluation = new RagEvaluation(setup.model(), 2, 0);

      EvaluationSet pooled =
          only(job, config(new WorkerConfig.Domain("garden", tasksFile, 5, poolFile)));
      assertThat(pooled.support()).hasSize(1);
      assertThat(pooled.scored()).hasSize(4);
      assertThat(pooled.scored().get(0).question()).isEqualTo(GARDEN[1][0]);
      assertThat(pooled.scored())
          .allSatisfy(e -> assertThat(e.candidates()).hasSize(1 + DISTRACTORS));
      EvaluationResult underFirst = score(evaluation, first, pooled.scored(), manager);
      EvaluationResult underSecond = score(evaluation, second, pooled.scored(), manager);
      assertThat(underFirst.recallAt1()).isEqualTo(1.0);
      assertThat(underSecond.recallAt5()).isEqualTo(0.0);
      // The answer is in every pool: the second encoder ranks it tenth, last.
      assertThat(underSecond.recallAt20()).isEqualTo(1.0);
      assertThat(underSecond.mrrAt10()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));

      EvaluationSet unpooled = only(job, config(new WorkerConfig.Domain("garden", tasksFile, 5)));
      assertThat(unpooled.scored()).allSatisfy(e -> assertThat(e.candidates()).hasSize(2));
      assertThat(score(evaluation, first, unpooled.scored(), manager).recallAt20()).isZero();
    }
  }

  private static EvaluationResult score(
      RagEvaluation evaluation,
      RagParameters params,
      List<EvaluationExample> scored,
      NDManager manager) {
    return evaluation.score(params, scored, PassageRanking.byQueryEncoder(), manager);
  }

  private static EvaluationSet only(JobDirectory job, WorkerConfig config) throws Exception {
    List<EvaluationSet> sets = EvaluationSet.read(job, config, Map.of());
    assertThat(sets).hasSize(1);
    return sets.get(0);
  }

  /** A job evaluated on garden only: one support question, the other four scored. */
  private static WorkerConfig config(WorkerConfig.Domain garden) {
    WorkerConfig base = TinyJobs.config("FOMAML", 1, 1, List.of(garden, garden), null);
    return new WorkerConfig(
        base.jobId(),
        base.algorithm(),
        base.model(),
        List.of(),
        List.of(garden),
        1,
        1,
        base.innerLearningRate(),
        base.innerSteps(),
        base.outerLearningRate(),
        base.metaBatchSize(),
        base.metaSteps(),
        base.taskSampling(),
        base.trainableParameters(),
        base.innerParameters(),
        base.seed(),
        base.checkpointEvery(),
        base.evaluateEvery(),
        10,
        2,
        base.threads(),
        Map.of(),
        null,
        null);
  }

  private static float[] embed(
      RagModelSetup setup, RagParameters params, String question, NDManager manager) {
    try (NDManager scope = manager.newSubManager()) {
      return setup.model().queryEmbeddings(params, List.of(question), scope).toFloatArray();
    }
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(n));
    }
    return out;
  }
}
