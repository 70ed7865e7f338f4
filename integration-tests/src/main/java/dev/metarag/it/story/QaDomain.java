package dev.metarag.it.story;

import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.squad.SquadReader;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.QaExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A domain as the story uses it: its documents, to ingest into the collection named like the
 * domain, and its labelled questions, read from one SQuAD file (each paragraph a document, with the
 * reader's context id as document id and the article title as title).
 *
 * @param file the SQuAD file, which services that read data sets themselves can be given
 */
public record QaDomain(
    String name,
    String description,
    Path file,
    List<Document> documents,
    List<QaExample> examples) {

  public QaDomain {
    documents = List.copyOf(documents);
    examples = List.copyOf(examples);
  }

  /** Reads a SQuAD 1.1 file; unanswerable questions are left out. */
  public static QaDomain fromSquad(String name, String description, Path file) throws IOException {
    QaDataset data = SquadReader.read(file);
    List<Document> documents = documentsOf(data);
    List<QaExample> examples = new ArrayList<>();
    for (dev.metarag.data.qa.QaExample e : data.answerable()) {
      examples.add(
          QaExample.newBuilder()
              .setId(e.id())
              .setQuestion(e.question())
              .addAllAnswers(e.answerTexts().stream().distinct().toList())
              .setGoldDocumentId(e.contextId())
              .build());
    }
    return new QaDomain(name, description, file.toAbsolutePath(), documents, examples);
  }

  /**
   * A data set's contexts as the retriever's documents: the context id as document id, its title,
   * text and metadata (the policy or item a question can be scoped to).
   */
  public static List<Document> documentsOf(QaDataset data) {
    List<Document> documents = new ArrayList<>();
    for (QaContext c : data.contexts()) {
      documents.add(
          Document.newBuilder()
              .setId(c.id())
              .setTitle(c.title())
              .setText(c.text())
              .putAllMetadata(c.metadata())
              .build());
    }
    return documents;
  }

  /** The document with this id. */
  public Document document(String id) {
    return documents.stream()
        .filter(d -> d.getId().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no document " + id + " in " + name));
  }

  /**
   * The questions shuffled with the seed and cut in two: the first {@code supportSize} to adapt
   * with, the rest (at most {@code evaluationSize}; 0 means all) held out to evaluate on.
   */
  public Split split(int supportSize, int evaluationSize, long seed) {
    List<QaExample> shuffled = new ArrayList<>(examples);
    Collections.shuffle(shuffled, new Random(seed));
    if (shuffled.size() <= supportSize) {
      throw new IllegalArgumentException(
          name + " has " + shuffled.size() + " questions: too few for " + supportSize + " shots");
    }
    List<QaExample> rest = shuffled.subList(supportSize, shuffled.size());
    if (evaluationSize > 0 && rest.size() > evaluationSize) {
      rest = rest.subList(0, evaluationSize);
    }
    return new Split(shuffled.subList(0, supportSize), rest);
  }

  /** Support examples to adapt with and held-out examples to evaluate on, never the same. */
  public record Split(List<QaExample> support, List<QaExample> evaluation) {
    public Split {
      support = List.copyOf(support);
      evaluation = List.copyOf(evaluation);
    }
  }
}
