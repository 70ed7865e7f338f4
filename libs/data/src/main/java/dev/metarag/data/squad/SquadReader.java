package dev.metarag.data.squad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads SQuAD v1 JSON (COVID-QA, XQuAD, PolicyQA, CMRC 2018, and any file of that shape).
 *
 * <p>Each paragraph becomes a context with id {@code a<article>-p<paragraph>} and the article title
 * in its metadata under {@code title} (in PolicyQA the title names the privacy policy, so retrieval
 * can be scoped to it). Answers whose offset does not point at their text are kept without a span
 * and counted in {@link Result#misalignedAnswers()}.
 */
public final class SquadReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SquadReader() {}

  /** A data set and the number of answers whose offset did not match their text. */
  public record Result(QaDataset dataset, int misalignedAnswers) {}

  public static QaDataset read(Path file) throws IOException {
    return readChecked(file).dataset();
  }

  public static Result readChecked(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.getFileName().toString().replaceFirst("\\.json$", ""));
    }
  }

  public static Result read(InputStream in, String name) throws IOException {
    JsonNode root = JSON.readTree(in);
    List<QaContext> contexts = new ArrayList<>();
    List<QaExample> examples = new ArrayList<>();
    int misaligned = 0;
    int articleIndex = 0;
    for (JsonNode article : root.path("data")) {
      String title = article.path("title").asText("");
      int paragraphIndex = 0;
      for (JsonNode paragraph : article.path("paragraphs")) {
        String contextId = "a" + articleIndex + "-p" + paragraphIndex++;
        String text = paragraph.path("context").asText();
        contexts.add(new QaContext(contextId, title, text, Map.of("title", title)));
        for (JsonNode qa : paragraph.path("qas")) {
          List<Answer> answers = new ArrayList<>();
          for (JsonNode a : qa.path("answers")) {
            String answerText = a.path("text").asText();
            int start = a.path("answer_start").asInt(Answer.NO_SPAN);
            if (start >= 0 && !text.startsWith(answerText, start)) {
              misaligned++;
              start = Answer.NO_SPAN;
            }
            answers.add(new Answer(answerText, start));
          }
          examples.add(
              new QaExample(
                  qa.path("id").asText(), qa.path("question").asText(), answers, contextId));
        }
      }
      articleIndex++;
    }
    return new Result(new QaDataset(name, contexts, examples), misaligned);
  }
}
