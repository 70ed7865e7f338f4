package dev.metarag.data.beir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.data.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirFilesTest {

  @Test
  void readsCorpusQueriesAndGradedQrels() throws Exception {
    RetrievalDataset d = BeirFiles.read(Fixtures.path("beir-mini"), "test");

    assertThat(d.name()).isEqualTo("beir-mini");
    assertThat(d.corpus())
        .containsExactly(
            new CorpusDocument(
                "d1",
                "Kettles",
                "The kettle boils water in three minutes.",
                // Values that are not strings keep their JSON text.
                Map.of("item", "brewmaster", "stars", "4", "tags", "[\"kitchen\"]")),
            new CorpusDocument("d2", "", "The battery lasts two days.", Map.of()),
            new CorpusDocument("d3", "", "A document without a title.", Map.of()));
    assertThat(d.queries())
        .containsExactly(
            Map.entry("q1", "how fast does the kettle boil"), Map.entry("q2", "battery life"));
    assertThat(d.qrels())
        .isEqualTo(Map.of("q1", Map.of("d1", 2, "d3", 1), "q2", Map.of("d2", 1, "d1", 0)));
  }

  @Test
  void writeThenReadGivesTheSameData(@TempDir Path dir) throws IOException {
    RetrievalDataset original = BeirFiles.read(Fixtures.path("beir-mini"), "test");

    BeirFiles.write(original, dir.resolve("copy"), "dev");
    RetrievalDataset read = BeirFiles.read(dir.resolve("copy"), "dev");

    assertThat(read)
        .isEqualTo(
            new RetrievalDataset("copy", original.corpus(), original.queries(), original.qrels()));
    assertThat(Files.readAllLines(dir.resolve("copy/qrels/dev.tsv")))
        .first()
        .isEqualTo("query-id\tcorpus-id\tscore");
  }

  @Test
  void aBrokenLineIsReportedWithItsNumber(@TempDir Path dir) throws IOException {
    BeirFiles.write(BeirFiles.read(Fixtures.path("beir-mini"), "test"), dir, "test");
    Files.writeString(
        dir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"ok\"}\n{broken\n");

    assertThatThrownBy(() -> BeirFiles.read(dir, "test"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("queries.jsonl line 2");
  }

  @Test
  void aScoreThatIsNotANumberIsReportedWithItsLine(@TempDir Path dir) throws IOException {
    BeirFiles.write(BeirFiles.read(Fixtures.path("beir-mini"), "test"), dir, "test");
    Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\thigh\n");

    assertThatThrownBy(() -> BeirFiles.read(dir, "test"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test.tsv line 2");
  }

  @Test
  void aQrelsFileWithoutHeaderLosesNoJudgement(@TempDir Path dir) throws IOException {
    BeirFiles.write(BeirFiles.read(Fixtures.path("beir-mini"), "test"), dir, "test");
    Files.writeString(dir.resolve("qrels/test.tsv"), "q1\td1\t1\n");

    assertThat(BeirFiles.read(dir, "test").qrels()).isEqualTo(Map.of("q1", Map.of("d1", 1)));
  }

  @Test
  void convertedQaSetsWriteAndReadBack(@TempDir Path dir) throws IOException {
    RetrievalDataset converted = QaToRetrieval.convert(QaToRetrievalTest.tiny());

    BeirFiles.write(converted, dir.resolve("tiny"), "test");

    assertThat(BeirFiles.read(dir.resolve("tiny"), "test")).isEqualTo(converted);
    assertThat(converted.corpus()).extracting(CorpusDocument::id).isEqualTo(List.of("c1", "c2"));
  }
}
