package dev.metarag.data.squad;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.DatasetFormatException;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SQuAD v1 JSON (COVID-QA, XQuAD, PolicyQA, CMRC 2018, and any file of that shape).
 *
 * <p>Each paragraph becomes a context with id {@code a<article>-p<paragraph>} (positions in the
 * file) and metadata {@code title}, the article title: in PolicyQA it names the privacy policy, so
 * retrieval can be scoped to it. COVID-QA has no titles but a {@code document_id} per paragraph,
 * kept under that key.
 *
 * <p>Offsets are checked against the context. An offset that only matches when counted in code
 * points (as Python counts, which differs from Java's UTF-16 units after an emoji or a rare CJK
 * character) is converted. Answers that match neither way are kept without a span and listed in
 * {@link Result#mismatches()}.
 */
public final class SquadReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SquadReader() {}

  /** A data set and the answers whose offset did not point at their text. */
  public record Result(QaDataset dataset, List<AnswerMismatch> mismatches) {
    public Result {
      mismatches = List.copyOf(mismatches);
    }

    public int misalignedAnswers() {
      return mismatches.size();
    }
  }

  /** Reads a file; the data set is named after the file, without {@code .json}. */
  public static QaDataset read(Path file) throws IOException {
    return readChecked(file).dataset();
  }

  /** Reads a file and reports the answers whose offset did not match. */
  public static Result readChecked(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.getFileName().toString().replaceFirst("\\.json$", ""));
    }
  }

  /**
   * @throws DatasetFormatException when the text is not JSON or has no top-level "data" array; the
   *     message gives the line and column, never the text
   */
  public static Result read(InputStream in, String name) throws IOException {
    JsonNode root = parse(in);
    if (root == null || !root.path("data").isArray()) {
      throw new DatasetFormatException("not SQuAD JSON: no top-level \"data\" array");
    }
    List<QaContext> contexts = new ArrayList<>();
    List<QaExample> examples = new ArrayList<>();
    List<AnswerMismatch> mismatches = new ArrayList<>();
    int articleIndex = 0;
    for (JsonNode article : root.path("data")) {
      String title = article.path("title").asText("");
      int paragraphIndex = 0;
      for (JsonNode paragraph : article.path("paragraphs")) {
        String contextId = "a" + articleIndex + "-p" + paragraphIndex++;
        String text = paragraph.path("context").asText();
        contexts.add(new QaContext(contextId, title, text, metadata(title, paragraph)));
        for (JsonNode qa : paragraph.path("qas")) {
          String questionId = qa.path("id").asText();
          List<Answer> answers = new ArrayList<>();
          for (JsonNode a : qa.path("answers")) {
            String answerText = a.path("text").asText();
            int given = a.path("answer_start").asInt(Answer.NO_SPAN);
            int start = locate(text, answerText, given);
            if (start == Answer.NO_SPAN) {
              mismatches.add(new AnswerMismatch(questionId, contextId, answerText, given));
            }
            answers.add(new Answer(answerText, start));
          }
          examples.add(new QaExample(questionId, qa.path("question").asText(), answers, contextId));
        }
      }
      articleIndex++;
    }
    return new Result(new QaDataset(name, contexts, examples), mismatches);
  }

  /** The JSON tree; a parser's own message quotes the text, so only its location is kept. */
  private static JsonNode parse(InputStream in) throws IOException {
    try {
      return JSON.readTree(in);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new DatasetFormatException(where + "not valid JSON");
    }
  }

  private static Map<String, String> metadata(String title, JsonNode paragraph) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("title", title);
    JsonNode documentId = paragraph.path("document_id");
    if (documentId.isValueNode()) {
      metadata.put("document_id", documentId.asText());
    }
    return metadata;
  }

  /**
   * The UTF-16 offset of the answer: the given offset if the text is there, else the given offset
   * read as a code-point count if the text is there, else {@link Answer#NO_SPAN}.
   */
  static int locate(String context, String answer, int given) {
    if (given < 0) {
      return Answer.NO_SPAN;
    }
    if (context.startsWith(answer, given)) {
      return given;
    }
    if (given <= context.codePointCount(0, context.length())) {
      int utf16 = context.offsetByCodePoints(0, given);
      if (context.startsWith(answer, utf16)) {
        return utf16;
      }
    }
    return Answer.NO_SPAN;
  }
}
