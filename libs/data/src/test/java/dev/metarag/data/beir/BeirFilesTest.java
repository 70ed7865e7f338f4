package dev.metarag.data.beir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirFilesTest {

  private static QaDataset qa() {
    return new QaDataset(
        "tiny",
        List.of(
            new QaContext("c1", "Title", "Text one", Map.of("k", "v")),
            new QaContext("c2", "", "Text two", Map.of())),
        List.of(
            new QaExample("q1", "first?", List.of(new Answer("one", 5)), "c1"),
            new QaExample("q2", "unanswerable?", List.of(), "c2")));
  }

  @Test
  void qaSetsConvertToOneRelevantContextPerAnswerableQuestion() {
    RetrievalDataset r = QaToRetrieval.convert(qa());

    assertThat(r.corpus()).hasSize(2);
    assertThat(r.queries()).containsOnlyKeys("q1");
    assertThat(r.qrels()).isEqualTo(Map.of("q1", Map.of("c1", 1)));
  }

  @Test
  void writeThenReadGivesTheSameData(@TempDir Path dir) throws IOException {
    RetrievalDataset original = QaToRetrieval.convert(qa());

    BeirFiles.write(original, dir, "test");
    RetrievalDataset read = BeirFiles.read(dir, "test");

    assertThat(read.corpus()).isEqualTo(original.corpus());
    assertThat(read.queries()).isEqualTo(original.queries());
    assertThat(read.qrels()).isEqualTo(original.qrels());
  }

  @Test
  void aBrokenLineIsReportedWithItsNumber(@TempDir Path dir) throws IOException {
    BeirFiles.write(QaToRetrieval.convert(qa()), dir, "test");
    Files.writeString(
        dir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"ok\"}\n{broken\n");

    assertThatThrownBy(() -> BeirFiles.read(dir, "test"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("queries.jsonl line 2");
  }
}
