package dev.metarag.training.candidates;

import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.training.rag.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Exact dense retrieval over a list of passages held in memory, with the same encoder the retriever
 * uses. For tests and small offline runs; production training asks the retriever.
 */
public final class InMemoryCandidateSource implements CandidateSource {
  private final SentenceEncoder encoder;
  private final List<String> ids;
  private final List<String> texts;
  private final float[][] embeddings;

  public InMemoryCandidateSource(SentenceEncoder encoder, List<String> ids, List<String> texts) {
    if (ids.size() != texts.size()) {
      throw new IllegalArgumentException("ids and texts differ in length");
    }
    this.encoder = encoder;
    this.ids = List.copyOf(ids);
    this.texts = List.copyOf(texts);
    this.embeddings = encoder.embed(texts);
  }

  @Override
  public List<Candidate> topK(String question, int k) {
    float[] q = encoder.embed(question);
    List<Integer> order =
        IntStream.range(0, embeddings.length)
            .boxed()
            .sorted(
                Comparator.comparingDouble((Integer i) -> -dot(q, embeddings[i]))
                    .thenComparing(i -> i))
            .limit(k)
            .toList();
    List<Candidate> out = new ArrayList<>(order.size());
    for (int i : order) {
      out.add(new Candidate(ids.get(i), "", texts.get(i), embeddings[i]));
    }
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
