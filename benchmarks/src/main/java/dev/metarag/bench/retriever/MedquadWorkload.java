package dev.metarag.bench.retriever;

import dev.metarag.data.medquad.MedquadReader;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.proto.v1.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The retriever benchmarks' workload: the first N MedQuAD answer passages as documents, and
 * questions sampled (seed 7) among those whose answer passage was ingested.
 */
record MedquadWorkload(List<QaContext> corpus, List<String> queries) {

  static MedquadWorkload read(Path medquad, int maxDocuments, int queryCount) throws IOException {
    QaDataset data = MedquadReader.read(medquad);
    List<QaContext> corpus =
        data.contexts().subList(0, Math.min(maxDocuments, data.contexts().size()));
    List<String> questions = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      questions.add(data.examples().get(i).question());
    }
    Collections.shuffle(questions, new Random(7));
    return new MedquadWorkload(
        corpus, List.copyOf(questions.subList(0, Math.min(queryCount, questions.size()))));
  }

  Document document(int i) {
    QaContext c = corpus.get(i);
    return Document.newBuilder()
        .setId(c.id())
        .setTitle(c.title())
        .setText(c.text())
        .putAllMetadata(c.metadata())
        .build();
  }

  /** The queries' vectors, and the time each took to embed. */
  record QueryVectors(float[][] vectors, long[] nanos) {}

  /** Embeds the queries one at a time with the service's own encoder, after a warm-up. */
  QueryVectors embedQueries(SentenceEncoder encoder) {
    for (int i = 0; i < 300; i++) {
      encoder.embed(queries.get(i % queries.size()));
    }
    float[][] vectors = new float[queries.size()][];
    long[] nanos = new long[queries.size()];
    for (int i = 0; i < queries.size(); i++) {
      long t = System.nanoTime();
      vectors[i] = encoder.embed(queries.get(i));
      nanos[i] = System.nanoTime() - t;
    }
    return new QueryVectors(vectors, nanos);
  }
}
