package dev.metarag.data.subjqa;

import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a SubjQA split ({@code SubjQA/<domain>/splits/<split>.csv}).
 *
 * <p>Rows are annotations: most question-review pairs ({@code q_review_id}) were annotated twice in
 * the test and train splits. Each pair becomes one example whose answers are the distinct spans its
 * annotators marked; it is unanswerable when none marked a span. So the example counts are the pair
 * counts of the SubjQA README.
 *
 * <p>Answers come from the character offsets in {@code human_ans_indices}, not from {@code
 * human_ans_spans}, whose text is tokenised. Every review ends with the marker {@code
 * ANSWERNOTFOUND}, which annotators selected to say "no answer"; the marker is cut from the
 * context, and a selection that reaches into it counts as a "no answer" vote.
 *
 * <p>The context is the review, keyed by {@code review_id}, titled and tagged with the reviewed
 * item ({@code item_id}) and the {@code domain}: questions ask about one item.
 */
public final class SubjqaReader {
  static final String NO_ANSWER = "ANSWERNOTFOUND";
  private static final Pattern SPAN = Pattern.compile("\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  /** The SubjQA domains in the shared data. */
  public static final List<String> DOMAINS =
      List.of("books", "electronics", "grocery", "movies", "restaurants", "tripadvisor");

  private SubjqaReader() {}

  /** Reads {@code <domain>/splits/<split>.csv}; the data set is named subjqa-domain-split. */
  public static QaDataset read(Path csv) throws IOException {
    String split = csv.getFileName().toString().replaceFirst("\\.csv$", "");
    String domain =
        Optional.ofNullable(csv.toAbsolutePath().getParent())
            .map(Path::getParent)
            .map(p -> p.getFileName().toString())
            .orElse("unknown");
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return read(in, "subjqa-" + domain + "-" + split);
    }
  }

  public static QaDataset read(Reader in, String name) throws IOException {
    Map<String, QaContext> contexts = new LinkedHashMap<>();
    Map<String, Pair> pairs = new LinkedHashMap<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    for (CSVRecord r : format.parse(in)) {
      String reviewId = r.get("review_id");
      String review = withoutMarker(r.get("review"));
      contexts.computeIfAbsent(
          reviewId,
          id ->
              new QaContext(
                  id,
                  r.get("item_id"),
                  review,
                  Map.of("item_id", r.get("item_id"), "domain", r.get("domain"))));
      Pair pair =
          pairs.computeIfAbsent(
              r.get("q_review_id"), id -> new Pair(id, r.get("question"), reviewId));
      answer(review, r.get("human_ans_indices"))
          .filter(a -> !pair.answers.contains(a))
          .ifPresent(pair.answers::add);
    }
    List<QaExample> examples =
        pairs.values().stream()
            .map(p -> new QaExample(p.id, p.question, p.answers, p.reviewId))
            .toList();
    return new QaDataset(name, List.copyOf(contexts.values()), examples);
  }

  /** One question about one review, with the answers of all its annotators. */
  private record Pair(String id, String question, String reviewId, List<Answer> answers) {
    Pair(String id, String question, String reviewId) {
      this(id, question, reviewId, new ArrayList<>());
    }
  }

  static String withoutMarker(String review) {
    return review.endsWith(NO_ANSWER)
        ? review.substring(0, review.length() - NO_ANSWER.length()).stripTrailing()
        : review;
  }

  /**
   * The span an annotator marked, or empty for "no answer": a selection of the marker, one reaching
   * past the review into it, or an empty one.
   */
  static Optional<Answer> answer(String review, String indices) {
    Matcher m = SPAN.matcher(indices);
    if (!m.find()) {
      return Optional.empty();
    }
    int start = Integer.parseInt(m.group(1));
    int end = Integer.parseInt(m.group(2));
    if (start >= end || end > review.length()) {
      return Optional.empty();
    }
    return Optional.of(new Answer(review.substring(start, end), start));
  }
}
