package dev.metarag.data.beir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes BEIR-style folders: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code
 * text}, optional {@code metadata}), {@code queries.jsonl} ({@code _id}, {@code text}) and {@code
 * qrels/<split>.tsv} (a header line, then query id, document id and integer score, tab-separated).
 */
public final class BeirFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QRELS_HEADER = "query-id\tcorpus-id\tscore";

  private BeirFiles() {}

  /** Reads a folder and one qrels split; the data set is named after the folder. */
  public static RetrievalDataset read(Path dir, String split) throws IOException {
    List<CorpusDocument> corpus = new ArrayList<>();
    for (JsonNode n : jsonLines(dir.resolve("corpus.jsonl"))) {
      corpus.add(
          new CorpusDocument(
              n.path("_id").asText(),
              n.path("title").asText(""),
              n.path("text").asText(),
              metadata(n.path("metadata"))));
    }
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode n : jsonLines(dir.resolve("queries.jsonl"))) {
      queries.put(n.path("_id").asText(), n.path("text").asText());
    }
    return new RetrievalDataset(
        dir.toAbsolutePath().normalize().getFileName().toString(),
        corpus,
        queries,
        qrels(dir.resolve("qrels").resolve(split + ".tsv")));
  }

  /** Writes the corpus, the queries and the qrels as {@code qrels/<split>.tsv}. */
  public static void write(RetrievalDataset data, Path dir, String split) throws IOException {
    Files.createDirectories(dir.resolve("qrels"));
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
      for (CorpusDocument d : data.corpus()) {
        ObjectNode n =
            JSON.createObjectNode()
                .put("_id", d.id())
                .put("title", d.title())
                .put("text", d.text());
        ObjectNode metadata = n.putObject("metadata");
        new TreeMap<>(d.metadata()).forEach(metadata::put);
        w.write(JSON.writeValueAsString(n));
        w.newLine();
      }
    }
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> q : data.queries().entrySet()) {
        w.write(
            JSON.writeValueAsString(
                JSON.createObjectNode().put("_id", q.getKey()).put("text", q.getValue())));
        w.newLine();
      }
    }
    try (BufferedWriter w =
        Files.newBufferedWriter(
            dir.resolve("qrels").resolve(split + ".tsv"), StandardCharsets.UTF_8)) {
      w.write(QRELS_HEADER);
      w.newLine();
      for (Map.Entry<String, Map<String, Integer>> q : data.qrels().entrySet()) {
        for (Map.Entry<String, Integer> d : q.getValue().entrySet()) {
          w.write(q.getKey() + "\t" + d.getKey() + "\t" + d.getValue());
          w.newLine();
        }
      }
    }
  }

  /** BEIR metadata is free JSON; values that are not strings are kept as their JSON text. */
  private static Map<String, String> metadata(JsonNode node) {
    Map<String, String> metadata = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (!v.isNull()) {
        metadata.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
      }
    }
    return metadata;
  }

  private static Map<String, Map<String, Integer>> qrels(Path file) throws IOException {
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || (i == 0 && line.startsWith("query-id"))) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length < 3) {
        throw new IOException(
            file.getFileName() + " line " + (i + 1) + " has fewer than 3 tab-separated fields");
      }
      int score;
      try {
        score = Integer.parseInt(f[2].strip());
      } catch (NumberFormatException e) {
        throw new IOException(
            file.getFileName() + " line " + (i + 1) + ": score '" + f[2] + "' is not an integer");
      }
      qrels.computeIfAbsent(f[0], q -> new LinkedHashMap<>()).put(f[1], score);
    }
    return qrels;
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        if (!line.isBlank()) {
          try {
            nodes.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new IOException(
                file.getFileName() + " line " + number + " is not JSON: " + e.getMessage(), e);
          }
        }
      }
    }
    return nodes;
  }
}
