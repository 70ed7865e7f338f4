package dev.metarag.bench.common;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.SharedData;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.proto.v1.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A SQuAD-style shared data set as the service benchmarks use it: its contexts become a
 * collection's documents, its answerable questions the calls, in an order drawn with the seed.
 *
 * @param questions the answerable questions, shuffled
 */
public record QaBenchData(QaDataset data, List<QaExample> questions) {
  private static final String SQUAD_FILE = "squad:";

  /**
   * The named data set, or {@code squad:<file>} for any SQuAD v1 file; empty, after saying so on
   * stderr, where the shared data lacks the named set.
   */
  public static Optional<QaBenchData> load(String dataset, long seed) throws IOException {
    var location =
        dataset.startsWith(SQUAD_FILE)
            ? Optional.of(
                new NamedDatasets.Location(
                    Path.of(dataset.substring(SQUAD_FILE.length())),
                    NamedDatasets.Format.SQUAD_JSON))
            : SharedData.locate().flatMap(r -> NamedDatasets.locate(r, dataset));
    if (location.isEmpty() || !Files.exists(location.get().path())) {
      System.err.println(SharedData.missingMessage(dataset));
      return Optional.empty();
    }
    QaDataset data = NamedDatasets.read(location.get().path(), location.get().format());
    List<QaExample> questions = new ArrayList<>(data.answerable());
    Collections.shuffle(questions, new Random(seed));
    return Optional.of(new QaBenchData(data, questions));
  }

  /** Each context as a document with the context's id. */
  public List<Document> contextDocuments() {
    List<Document> documents = new ArrayList<>(data.contexts().size());
    for (QaContext c : data.contexts()) {
      documents.add(Document.newBuilder().setId(c.id()).setText(c.text()).build());
    }
    return documents;
  }
}
