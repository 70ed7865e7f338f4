package dev.metarag.bench.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.bench.answers.QuestionScope;
import dev.metarag.data.NamedDatasets;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.MetadataFilter;
import java.io.IOException;
import java.nio.file.Files;
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
 * A domain as one role of the benchmark sees it: the collection its documents go to, the data-set
 * reference the meta-trainer reads, and its answerable questions. A source domain cut to fewer
 * questions is written as a SQuAD file (those questions and their contexts) and read back, so that
 * the collection's document ids are exactly the context ids the services' readers give that file.
 *
 * @param collection the retriever collection holding {@link #documents()}
 * @param ref what the meta-trainer and the adapter read
 * @param data the data set as read (contexts and answerable questions)
 * @param scope the metadata key each question's retrieval is scoped to (its own context's value, as
 *     {@code ./metarag eval-answers} scopes: {@link QuestionScope}); empty for none
 */
public record DomainData(
    String key, String collection, DatasetRef ref, QaDataset data, String scope) {
  /** The adapter's limits on an inline example (AdaptRequest). */
  private static final int MAX_ANSWER_CHARS = 1024;

  private static final int MAX_ANSWERS = 16;
  private static final int MAX_QUESTION_CHARS = 4096;

  private static final long CUT_SEED = 20_261_201L;

  /**
   * The whole domain: its full corpus is the target's own corpus. Scoped, each question retrieves
   * among the documents of its own policy or item only (PolicyQA, SubjQA; the others have no
   * scope).
   */
  public static DomainData whole(DomainSource source, boolean scoped) throws IOException {
    QaDataset data = read(source.file());
    String scope = scoped ? QuestionScope.keyOf(source.datasetName()) : null;
    return new DomainData(
        source.key(), source.key(), ref(source), data, scope == null ? "" : scope);
  }

  /**
   * The domain as a meta-training source: at most {@code questions} answerable questions (0: all)
   * drawn with a fixed seed, in the collection {@code <key>-src}.
   */
  public static DomainData source(DomainSource source, int questions, Path workDir)
      throws IOException {
    QaDataset data = read(source.file());
    if (questions <= 0 || data.answerable().size() <= questions) {
      return new DomainData(source.key(), source.key(), ref(source), data, "");
    }
    List<QaExample> drawn = new ArrayList<>(data.answerable());
    Collections.shuffle(drawn, new Random(CUT_SEED));
    drawn = drawn.subList(0, questions);
    Path file = workDir.resolve(source.key() + "-source-" + questions + ".json");
    Files.createDirectories(workDir);
    writeSquad(data, drawn, file);
    QaDataset cut = NamedDatasets.read(file, NamedDatasets.Format.SQUAD_JSON);
    return new DomainData(
        source.key(),
        source.key() + "-src",
        DatasetRef.newBuilder().setPath(file.toAbsolutePath().toString()).build(),
        cut,
        "");
  }

  private static DatasetRef ref(DomainSource source) {
    return source.datasetName() != null
        ? DatasetRef.newBuilder().setName(source.datasetName()).build()
        : DatasetRef.newBuilder().setPath(source.file().toString()).build();
  }

  private static QaDataset read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("data set file not found: " + file);
    }
    NamedDatasets.Format format =
        NamedDatasets.infer(file)
            .orElseThrow(() -> new IOException("not a SQuAD JSON or SubjQA CSV file: " + file));
    return NamedDatasets.read(file, format);
  }

  /** Each context as a document with the context's id, title and metadata. */
  public List<Document> documents() {
    List<Document> documents = new ArrayList<>(data.contexts().size());
    for (QaContext c : data.contexts()) {
      documents.add(
          Document.newBuilder()
              .setId(c.id())
              .setTitle(c.title() == null ? "" : c.title())
              .setText(c.text())
              .putAllMetadata(c.metadata())
              .build());
    }
    return documents;
  }

  /**
   * The answerable questions as the services take them, the gold document being the context.
   * Answers longer than the adapter takes (SubjQA marks whole reviews as answers) are left out, and
   * questions left without an answer or longer than the adapter takes are dropped. A scoped
   * question carries its scope as a metadata filter (QaExample.filters); one whose context has no
   * value for the key is dropped.
   */
  public List<dev.metarag.proto.v1.QaExample> examples() {
    List<dev.metarag.proto.v1.QaExample> examples = new ArrayList<>();
    Map<String, QaContext> contexts = data.contextsById();
    for (QaExample e : data.answerable()) {
      List<String> answers =
          e.answerTexts().stream()
              .filter(a -> a.length() <= MAX_ANSWER_CHARS)
              .distinct()
              .limit(MAX_ANSWERS)
              .toList();
      if (answers.isEmpty() || e.question().length() > MAX_QUESTION_CHARS) {
        continue;
      }
      var example =
          dev.metarag.proto.v1.QaExample.newBuilder()
              .setId(e.id())
              .setQuestion(e.question())
              .addAllAnswers(answers)
              .setGoldDocumentId(e.contextId());
      if (!scope.isEmpty()) {
        String value = QuestionScope.valueOf(scope, e.contextId(), contexts);
        if (value == null || value.isEmpty()) {
          continue;
        }
        example.addFilters(MetadataFilter.newBuilder().setKey(scope).addAnyOf(value));
      }
      examples.add(example.build());
    }
    return examples;
  }

  /** The chosen questions and the contexts they were asked about, one article per context. */
  private static void writeSquad(QaDataset data, List<QaExample> questions, Path file)
      throws IOException {
    Map<String, QaContext> contexts = data.contextsById();
    Set<String> used = new LinkedHashSet<>();
    questions.forEach(q -> used.add(q.contextId()));
    Map<String, List<QaExample>> byContext = new LinkedHashMap<>();
    used.forEach(id -> byContext.put(id, new ArrayList<>()));
    questions.forEach(q -> byContext.get(q.contextId()).add(q));
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode().put("version", "1.1");
    ArrayNode articles = root.putArray("data");
    for (var entry : byContext.entrySet()) {
      QaContext c = contexts.get(entry.getKey());
      ObjectNode article = articles.addObject();
      article.put("title", c.title() == null || c.title().isEmpty() ? c.id() : c.title());
      ObjectNode paragraph = article.putArray("paragraphs").addObject();
      paragraph.put("context", c.text());
      ArrayNode qas = paragraph.putArray("qas");
      for (QaExample q : entry.getValue()) {
        ObjectNode qa = qas.addObject().put("id", q.id()).put("question", q.question());
        ArrayNode answers = qa.putArray("answers");
        for (Answer a : q.answers()) {
          if (a.hasSpan()) {
            answers.addObject().put("text", a.text()).put("answer_start", a.startChar());
          }
        }
      }
    }
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }
}
