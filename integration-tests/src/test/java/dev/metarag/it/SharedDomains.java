package dev.metarag.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.data.NamedDatasets;
import dev.metarag.data.SharedData;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.it.story.QaDomain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Three domains cut from the shared data sets, small enough to ingest in seconds: each is written
 * as a SQuAD file into the test's own directory (never into the repository), read back as a {@link
 * QaDomain}, and given to the services by path. Source domains of meta-training: Wikipedia (two
 * XQuAD articles) and hotel reviews (the reviews of one San Francisco hotel in SubjQA's TripAdvisor
 * training split); the held-out domain: one website's privacy policy (PolicyQA test).
 */
final class SharedDomains {
  static final String XQUAD = "xquad.en";
  static final String HOTELS = "subjqa/tripadvisor/train";
  static final String POLICIES = "policyqa/test";
  private static final String HOTEL = "usa_san francisco_hotel_rex";
  private static final String POLICY = "mohegansun.com";

  private SharedDomains() {}

  /** Why the story cannot run here, or empty when every data set it needs is present. */
  static Optional<String> missing() {
    for (String name : List.of(XQUAD, HOTELS, POLICIES)) {
      Optional<Path> file =
          SharedData.locate().flatMap(r -> NamedDatasets.locate(r, name)).map(l -> l.path());
      if (file.isEmpty() || !Files.exists(file.get())) {
        return Optional.of(SharedData.missingMessage(name));
      }
    }
    return Optional.empty();
  }

  /** The first two XQuAD articles (Super Bowl 50, Warsaw): ten paragraphs. */
  static QaDomain wikipedia(Path dir) throws IOException {
    QaDataset data = read(XQUAD);
    List<String> titles =
        data.contexts().stream().map(QaContext::title).distinct().limit(2).toList();
    return cut(
        data,
        c -> titles.contains(c.title()),
        "wikipedia",
        "Wikipedia articles (XQuAD " + titles + ")",
        dir);
  }

  /** Twenty TripAdvisor reviews of one hotel and the questions asked about them. */
  static QaDomain hotels(Path dir) throws IOException {
    QaDataset data = read(HOTELS);
    List<String> reviews =
        data.contexts().stream()
            .filter(c -> c.title().equals(HOTEL))
            .map(QaContext::id)
            .limit(20)
            .toList();
    return cut(
        data,
        c -> reviews.contains(c.id()),
        "hotels",
        "hotel reviews (SubjQA TripAdvisor, " + HOTEL + ")",
        dir);
  }

  /** One privacy policy: five paragraphs and about forty questions. */
  static QaDomain privacy(Path dir) throws IOException {
    return cut(
        read(POLICIES),
        c -> c.title().equals(POLICY),
        "privacy",
        "a privacy policy (PolicyQA test, " + POLICY + ")",
        dir);
  }

  private static QaDataset read(String name) throws IOException {
    NamedDatasets.Location location =
        SharedData.locate().flatMap(r -> NamedDatasets.locate(r, name)).orElseThrow();
    return NamedDatasets.read(location.path(), location.format());
  }

  /**
   * Writes the kept contexts and their questions with answer spans as a SQuAD 1.1 file, one article
   * per title, and reads it back.
   */
  private static QaDomain cut(
      QaDataset data, Predicate<QaContext> keep, String name, String description, Path dir)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, ArrayNode> articles = new LinkedHashMap<>();
    Map<String, ArrayNode> questionsByContext = new LinkedHashMap<>();
    for (QaContext c : data.contexts()) {
      if (!keep.test(c)) {
        continue;
      }
      ObjectNode paragraph = json.createObjectNode().put("context", c.text());
      questionsByContext.put(c.id(), paragraph.putArray("qas"));
      articles.computeIfAbsent(c.title(), t -> json.createArrayNode()).add(paragraph);
    }
    for (QaExample e : data.examples()) {
      ArrayNode qas = questionsByContext.get(e.contextId());
      List<Answer> spans = e.answers().stream().filter(Answer::hasSpan).toList();
      if (qas == null || spans.isEmpty()) {
        continue;
      }
      ObjectNode qa = qas.addObject().put("id", e.id()).put("question", e.question());
      ArrayNode answers = qa.putArray("answers");
      spans.forEach(
          a -> answers.addObject().put("text", a.text()).put("answer_start", a.startChar()));
    }
    ObjectNode root = json.createObjectNode().put("version", "1.1");
    ArrayNode out = root.putArray("data");
    articles.forEach(
        (title, paragraphs) -> out.addObject().put("title", title).set("paragraphs", paragraphs));
    Path file = Files.createDirectories(dir).resolve(name + ".json");
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    return QaDomain.fromSquad(name, description, file);
  }
}
