package dev.metarag.data.subjqa;

import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.DatasetFormatException;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
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

  /** The columns the reader uses. */
  private static final List<String> COLUMNS =
      List.of(
          "review_id",
          "review",
          "item_id",
          "domain",
          "q_review_id",
          "question",
          "human_ans_indices");

  private static final String COLUMNS_NEEDED = "it needs the columns " + String.join(", ", COLUMNS);

  /** The SubjQA domains in the shared data. */
  public static final List<String> DOMAINS =
      List.of("books", "electronics", "grocery", "movies", "restaurants", "tripadvisor");

  private SubjqaReader() {}

  /** Reads {@code <domain>/splits/<split>.csv}; the data set is named subjqa-domain-split. */
  public static QaDataset read(Path csv) throws IOException {
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return read(in, datasetName(csv));
    }
  }

  /**
   * subjqa-domain-split from {@code <domain>/splits/<split>.csv}; a file nearer the top of the file
   * system ({@code /etc/passwd}) has the domain "unknown".
   */
  static String datasetName(Path csv) {
    String split = nameOf(csv).replaceFirst("\\.csv$", "");
    String domain =
        Optional.ofNullable(csv.toAbsolutePath().getParent())
            .map(Path::getParent)
            .map(SubjqaReader::nameOf)
            .filter(n -> !n.isEmpty())
            .orElse("unknown");
    return "subjqa-" + domain + "-" + split;
  }

  /**
   * @throws DatasetFormatException when the text is not CSV, lacks a SubjQA column, or a row does
   *     not fit the header; the message gives the line or row, never the text
   */
  public static QaDataset read(Reader in, String name) throws IOException {
    Map<String, QaContext> contexts = new LinkedHashMap<>();
    Map<String, Pair> pairs = new LinkedHashMap<>();
    CSVParser parser = parse(in);
    int columns = parser.getHeaderNames().size();
    Iterator<CSVRecord> rows = parser.iterator();
    for (CSVRecord r = next(rows, parser); r != null; r = next(rows, parser)) {
      String at = "row " + r.getRecordNumber() + " (line " + parser.getCurrentLineNumber() + ")";
      if (r.size() != columns) {
        throw new DatasetFormatException(
            at + ": " + r.size() + " values for " + columns + " columns");
      }
      try {
        add(r, contexts, pairs);
      } catch (NumberFormatException e) {
        throw new DatasetFormatException(
            at + ": human_ans_indices holds an offset too large for a character position");
      }
    }
    List<QaExample> examples =
        pairs.values().stream()
            .map(p -> new QaExample(p.id, p.question, p.answers, p.reviewId))
            .toList();
    return new QaDataset(name, List.copyOf(contexts.values()), examples);
  }

  /** A parser past a header that has every column the reader uses. */
  private static CSVParser parse(Reader in) throws DatasetFormatException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    CSVParser parser;
    try {
      parser = format.parse(in);
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      // Duplicate or unreadable header names; the library's message quotes them.
      throw new DatasetFormatException("line 1: not a CSV header; " + COLUMNS_NEEDED);
    }
    List<String> missing =
        COLUMNS.stream().filter(c -> !parser.getHeaderNames().contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new DatasetFormatException(
          "line 1: not a SubjQA split, the header lacks "
              + String.join(", ", missing)
              + "; "
              + COLUMNS_NEEDED);
    }
    return parser;
  }

  /** The next row, or null after the last. */
  private static CSVRecord next(Iterator<CSVRecord> rows, CSVParser parser)
      throws DatasetFormatException {
    try {
      return rows.hasNext() ? rows.next() : null;
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new DatasetFormatException(
          "line " + parser.getCurrentLineNumber() + ": not valid CSV (a quote is not closed?)");
    }
  }

  private static void add(CSVRecord r, Map<String, QaContext> contexts, Map<String, Pair> pairs) {
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

  /** A path's last name; "" for a root, which has none. */
  private static String nameOf(Path path) {
    Path name = path.getFileName();
    return name == null ? "" : name.toString();
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
