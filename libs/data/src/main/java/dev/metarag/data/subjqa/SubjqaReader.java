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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a SubjQA split ({@code SubjQA/<domain>/splits/<split>.csv}).
 *
 * <p>Rows are annotations; the context is the review, keyed by {@code review_id}, with the reviewed
 * item and the domain in its metadata ({@code item_id}, {@code domain}). The answer comes from the
 * character offsets in {@code human_ans_indices}, not from {@code human_ans_spans}, whose text is
 * tokenised. Unanswerable questions point at the marker {@code ANSWERNOTFOUND} appended to the
 * review; they get no answers.
 */
public final class SubjqaReader {
  static final String NO_ANSWER = "ANSWERNOTFOUND";
  private static final Pattern SPAN = Pattern.compile("\\((\\d+),\\s*(\\d+)\\)");

  private SubjqaReader() {}

  /** The SubjQA domains in the shared data. */
  public static final List<String> DOMAINS =
      List.of("books", "electronics", "grocery", "movies", "restaurants", "tripadvisor");

  public static QaDataset read(Path csv) throws IOException {
    String domain = csv.getParent().getParent().getFileName().toString();
    String split = csv.getFileName().toString().replaceFirst("\\.csv$", "");
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return read(in, "subjqa-" + domain + "-" + split);
    }
  }

  public static QaDataset read(Reader in, String name) throws IOException {
    Map<String, QaContext> contexts = new LinkedHashMap<>();
    List<QaExample> examples = new ArrayList<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    int row = 0;
    for (CSVRecord r : format.parse(in)) {
      String reviewId = r.get("review_id");
      String review = r.get("review");
      contexts.computeIfAbsent(
          reviewId,
          id ->
              new QaContext(
                  id,
                  r.get("item_id"),
                  review,
                  Map.of("item_id", r.get("item_id"), "domain", r.get("domain"))));
      examples.add(
          new QaExample(
              name + "-" + row++,
              r.get("question"),
              answers(review, r.get("human_ans_indices")),
              reviewId));
    }
    return new QaDataset(name, List.copyOf(contexts.values()), examples);
  }

  static List<Answer> answers(String review, String indices) {
    Matcher m = SPAN.matcher(indices);
    if (!m.find()) {
      return List.of();
    }
    int start = Integer.parseInt(m.group(1));
    int end = Math.min(Integer.parseInt(m.group(2)), review.length());
    if (start >= end) {
      return List.of();
    }
    String text = review.substring(start, end);
    if (text.contains(NO_ANSWER)) {
      return List.of();
    }
    return List.of(new Answer(text, start));
  }
}
