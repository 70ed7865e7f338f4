package dev.metarag.bench.meta;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.inference.encoder.EncoderLoader;
import dev.metarag.inference.encoder.EncoderOptions;
import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.training.candidates.CandidatePrecomputation;
import dev.metarag.training.candidates.CandidatePrecomputation.LabelledQuestion;
import dev.metarag.training.candidates.InMemoryCandidateSource;
import dev.metarag.training.rag.RagExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Task pools from SubjQA: per domain, a seeded draw of answerable training questions with their
 * top-k candidates from dense retrieval over the drawn questions' reviews. Questions whose answer
 * no candidate contains are dropped, so that every question in a batch costs a full forward pass.
 */
final class DomainPools {
  /** One domain's questions, ready for the RAG objective. */
  record Pool(String domain, List<RagExample> examples, int drawn, int passages) {}

  private DomainPools() {}

  /** The training file of each domain under the shared data root, present or not. */
  static Map<String, Path> files(Path sharedData, List<String> domains) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String domain : domains) {
      files.put(
          domain,
          NamedDatasets.locate(sharedData, "subjqa/" + domain + "/train")
              .map(NamedDatasets.Location::path)
              .orElseThrow());
    }
    return files;
  }

  /** Reads and precomputes every domain's pool with one ONNX Runtime encoder, closed afterwards. */
  static List<Pool> build(Map<String, Path> files, BenchmarkSettings settings) throws IOException {
    List<Pool> pools = new ArrayList<>();
    try (SentenceEncoder encoder =
        EncoderLoader.builtin(EncoderLoader.BUILTIN_MINILM, new EncoderOptions(2, 256, 16))) {
      for (Map.Entry<String, Path> e : files.entrySet()) {
        QaDataset data = NamedDatasets.read(e.getValue(), NamedDatasets.Format.SUBJQA_CSV);
        pools.add(pool(e.getKey(), data, encoder, settings));
      }
    }
    return pools;
  }

  private static Pool pool(
      String domain, QaDataset data, SentenceEncoder encoder, BenchmarkSettings settings) {
    List<QaExample> answerable = new ArrayList<>(data.answerable());
    Collections.shuffle(answerable, new Random(settings.seed()));
    List<QaExample> drawn =
        answerable.subList(0, Math.min(settings.questionsPerDomain(), answerable.size()));
    Map<String, QaContext> contexts = data.contextsById();
    Set<String> reviewIds = new LinkedHashSet<>();
    drawn.forEach(q -> reviewIds.add(q.contextId()));
    List<String> ids = new ArrayList<>(reviewIds);
    List<String> texts = ids.stream().map(id -> contexts.get(id).text()).toList();
    InMemoryCandidateSource source = new InMemoryCandidateSource(encoder, ids, texts);
    List<LabelledQuestion> questions =
        drawn.stream().map(q -> new LabelledQuestion(q.question(), q.answerTexts())).toList();
    CandidatePrecomputation.Result result =
        CandidatePrecomputation.precompute(questions, source, settings.topK());
    Set<Integer> missing = new LinkedHashSet<>(result.answerNotRetrieved());
    List<RagExample> kept = new ArrayList<>();
    for (int i = 0; i < result.examples().size(); i++) {
      if (!missing.contains(i)) {
        kept.add(result.examples().get(i));
      }
    }
    return new Pool(domain, List.copyOf(kept), drawn.size(), ids.size());
  }
}
