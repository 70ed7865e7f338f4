package dev.metarag.bench.answers;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.SharedData;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.it.story.QaDomain;
import dev.metarag.proto.v1.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A data set to answer end to end: its documents (one per context, with the context's metadata),
 * the collection they go in, its answerable questions and the metadata key that scopes each
 * question's retrieval to its own document group, if any.
 *
 * @param name the name given on the command line
 * @param collection the retriever collection holding its documents
 * @param scopeKey PolicyQA's {@code title} (the policy) or SubjQA's {@code item_id} (the reviewed
 *     item), whose value in the question's own context restricts retrieval; null for none
 */
record EvaluationDomain(String name, String collection, QaDataset data, String scopeKey) {

  /**
   * A named shared data set ({@code squad/dev}, {@code covidqa/test}, {@code policyqa/test}, {@code
   * subjqa/electronics/test}, ...) or {@code squad:<file>} for any SQuAD v1 file.
   */
  static EvaluationDomain load(String spec, boolean scoped) throws IOException {
    Path file;
    NamedDatasets.Format format;
    if (spec.startsWith("squad:")) {
      file = Path.of(spec.substring("squad:".length()));
      format = NamedDatasets.Format.SQUAD_JSON;
    } else {
      Path root =
          SharedData.locate().orElseThrow(() -> new IllegalArgumentException(missing(spec)));
      NamedDatasets.Location at =
          NamedDatasets.locate(root, spec)
              .orElseThrow(() -> new IllegalArgumentException("unknown data set '" + spec + "'"));
      file = at.path();
      format = at.format();
    }
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(missing(spec));
    }
    String scopeKey = scoped ? QuestionScope.keyOf(spec) : null;
    return new EvaluationDomain(
        spec, collectionName(spec), NamedDatasets.read(file, format), scopeKey);
  }

  /** {@code squad/dev} -> {@code squad-dev}: the collection {@code ./metarag pretrain} fills. */
  static String collectionName(String spec) {
    String base = spec.startsWith("squad:") ? Path.of(spec.substring(6)).getFileName() + "" : spec;
    return base.toLowerCase(Locale.ROOT)
        .replaceAll("\\.json$", "")
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-|-$", "");
  }

  private static String missing(String spec) {
    return "data set '" + spec + "' not found: " + SharedData.missingMessage(spec);
  }

  List<Document> documents() {
    return QaDomain.documentsOf(data);
  }

  /** Its answerable questions shuffled with the seed, at most {@code limit} (0: all). */
  List<QaExample> questions(int limit, long seed) {
    List<QaExample> questions = new ArrayList<>(data.answerable());
    Collections.shuffle(questions, new Random(seed));
    return limit > 0 && questions.size() > limit ? questions.subList(0, limit) : questions;
  }

  /** The scope value of a question (its own context's), or null when unscoped. */
  String scopeOf(QaExample question, Map<String, QaContext> contexts) {
    return QuestionScope.valueOf(scopeKey, question.contextId(), contexts);
  }
}
