package dev.metarag.bench.train;

import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.data.squad.SquadReader;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Training questions drawn from a SQuAD file at its length distribution: each with its gold
 * paragraph, and optionally other paragraphs of the same article (what hard negatives look like).
 */
final class SquadPairs {
  private SquadPairs() {}

  static List<RagExample> sample(Path squad, int questions, int negatives, long seed)
      throws IOException {
    QaDataset data = SquadReader.read(squad);
    Map<String, QaContext> contexts = data.contextsById();
    Map<String, List<QaContext>> byTitle =
        data.contexts().stream().collect(Collectors.groupingBy(QaContext::title));
    List<QaExample> pool = new ArrayList<>(data.answerable());
    Random random = new Random(seed);
    Collections.shuffle(pool, random);
    List<RagExample> out = new ArrayList<>();
    for (QaExample e : pool.subList(0, Math.min(questions, pool.size()))) {
      QaContext gold = contexts.get(e.contextId());
      List<Candidate> candidates = new ArrayList<>();
      candidates.add(candidate(gold, random));
      List<QaContext> others = new ArrayList<>(byTitle.get(gold.title()));
      others.remove(gold);
      Collections.shuffle(others, random);
      for (QaContext o : others.subList(0, Math.min(negatives, others.size()))) {
        candidates.add(candidate(o, random));
      }
      out.add(
          new RagExample(
              e.question(),
              candidates,
              e.answers().stream().map(Answer::text).distinct().toList()));
    }
    return out;
  }

  /** A paragraph as a candidate, with a random unit embedding (speed does not depend on it). */
  private static Candidate candidate(QaContext c, Random random) {
    float[] v = new float[384];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return new Candidate(c.id() + "#0", c.id(), c.text(), v);
  }
}
