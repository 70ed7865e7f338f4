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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads PubMedQA's expert-labelled set ({@code ori_pqal.json}, keyed by PubMed id): the context is
 * the abstract's sections joined by blank lines, without its conclusion, which is the long answer;
 * the answers are the decision (yes, no or maybe) and the long answer, neither with a span.
 *
 * <p>Context and question share the PubMed id. The decision is kept out of the context's metadata,
 * where a retriever or reader could see it.
 */
public final class PubmedqaReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PubmedqaReader() {}

  public static QaDataset read(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    List<QaContext> contexts = new ArrayList<>();
    List<QaExample> examples = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String pmid = e.getKey();
      JsonNode item = e.getValue();
      List<String> sections = new ArrayList<>();
      item.path("CONTEXTS").forEach(s -> sections.add(s.asText()));
      List<String> meshes = new ArrayList<>();
      item.path("MESHES").forEach(m -> meshes.add(m.asText()));
      contexts.add(
          new QaContext(
              pmid,
              "",
              String.join("\n\n", sections),
              Map.of("year", item.path("YEAR").asText(""), "meshes", String.join("; ", meshes))));
      examples.add(
          new QaExample(
              pmid,
              item.path("QUESTION").asText(),
              List.of(
                  Answer.withoutSpan(item.path("final_decision").asText()),
                  Answer.withoutSpan(item.path("LONG_ANSWER").asText())),
              pmid));
    }
    return new QaDataset("pubmedqa", contexts, examples);
  }

  /**
   * Reads a PubMed id to decision map: the shape of {@code test_ground_truth.json} (the 500 ids of
   * the PQA-L test split) and of the predictions PubMedQA's evaluation script takes.
   */
  public static Map<String, String> readDecisions(Path file) throws IOException {
    Map<String, String> decisions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : JSON.readTree(file.toFile()).properties()) {
      decisions.put(e.getKey(), e.getValue().asText());
    }
    return decisions;
  }
}
