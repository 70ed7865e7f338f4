package dev.metarag.generator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture documents as RetrieverWithFixtures ingests them (id {@code <title>-<n>}, text the
 * paragraph's context), and their questions, to check citations against the source text.
 */
public final class FixtureDocuments {
  private FixtureDocuments() {}

  /** Every document of every test domain: id to text. */
  public static Map<String, String> texts() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String domain : RetrieverWithFixtures.DOMAINS) {
      for (JsonNode article : read(domain).get("data")) {
        int i = 0;
        for (JsonNode paragraph : article.get("paragraphs")) {
          out.put(article.get("title").asText() + "-" + i++, paragraph.get("context").asText());
        }
      }
    }
    return out;
  }

  /** The questions of a domain's fixture, in file order. */
  public static List<String> questions(String domain) {
    List<String> out = new ArrayList<>();
    for (JsonNode article : read(domain).get("data")) {
      for (JsonNode paragraph : article.get("paragraphs")) {
        paragraph.get("qas").forEach(qa -> out.add(qa.get("question").asText()));
      }
    }
    return out;
  }

  private static JsonNode read(String domain) {
    try {
      return new ObjectMapper().readTree(Path.of(RetrieverWithFixtures.fixture(domain)).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
