package dev.metarag.data.pubmedqa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads PubMedQA's expert-labelled set ({@code ori_pqal.json}): the context is the abstract's
 * sections joined by blank lines; the answers are the decision (yes, no or maybe) and the long
 * answer, neither with a span.
 */
public final class PubmedqaReader {
  private PubmedqaReader() {}

  public static QaDataset read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<QaContext> contexts = new ArrayList<>();
    List<QaExample> examples = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> entries = root.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> e = entries.next();
      JsonNode item = e.getValue();
      List<String> sections = new ArrayList<>();
      item.path("CONTEXTS").forEach(s -> sections.add(s.asText()));
      String decision = item.path("final_decision").asText();
      contexts.add(
          new QaContext(
              e.getKey(),
              "",
              String.join("\n\n", sections),
              Map.of("year", item.path("YEAR").asText(""), "decision", decision)));
      examples.add(
          new QaExample(
              e.getKey(),
              item.path("QUESTION").asText(),
              List.of(
                  new Answer(decision, Answer.NO_SPAN),
                  new Answer(item.path("LONG_ANSWER").asText(), Answer.NO_SPAN)),
              e.getKey()));
    }
    return new QaDataset("pubmedqa", contexts, examples);
  }
}
