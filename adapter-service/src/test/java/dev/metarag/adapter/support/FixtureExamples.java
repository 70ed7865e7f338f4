package dev.metarag.adapter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Labelled examples of a test domain, from its fixture file, inline or as a data set. */
public final class FixtureExamples {
  private FixtureExamples() {}

  /** Every question of the domain's fixture, with its id and the document that answers it. */
  public static List<QaExample> of(String domain) {
    try {
      JsonNode squad =
          new ObjectMapper().readTree(Path.of(RetrieverWithFixtures.fixture(domain)).toFile());
      List<QaExample> out = new ArrayList<>();
      for (JsonNode article : squad.get("data")) {
        int i = 0;
        for (JsonNode paragraph : article.get("paragraphs")) {
          String document = article.get("title").asText() + "-" + i++;
          for (JsonNode qa : paragraph.get("qas")) {
            QaExample.Builder e =
                QaExample.newBuilder()
                    .setId(qa.get("id").asText())
                    .setQuestion(qa.get("question").asText())
                    .setGoldDocumentId(document);
            qa.get("answers").forEach(a -> e.addAnswers(a.get("text").asText()));
            out.add(e.build());
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ExampleSource inline(List<QaExample> examples) {
    return ExampleSource.newBuilder()
        .setInline(InlineExamples.newBuilder().addAllExamples(examples))
        .build();
  }

  /** The domain's fixture as a data set read by path. */
  public static ExampleSource dataset(String domain) {
    return ExampleSource.newBuilder()
        .setDataset(DatasetRef.newBuilder().setPath(RetrieverWithFixtures.fixture(domain)))
        .build();
  }
}
