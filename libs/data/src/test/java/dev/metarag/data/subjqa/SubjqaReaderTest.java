package dev.metarag.data.subjqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.SharedData;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaDataset;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SubjqaReaderTest {

  private static QaDataset fixture() throws Exception {
    try (Reader in =
        new InputStreamReader(
            SubjqaReaderTest.class.getResourceAsStream("/fixtures/subjqa-mini.csv"),
            StandardCharsets.UTF_8)) {
      return SubjqaReader.read(in, "mini");
    }
  }

  @Test
  void answersComeFromTheOffsetsIntoTheReview() throws Exception {
    QaDataset d = fixture();

    Answer battery = d.examples().get(0).answers().get(0);
    assertThat(battery.text()).isEqualTo("The battery lasts two days.");
    assertThat(battery.start()).isEqualTo(13);
  }

  @Test
  void theNoAnswerMarkerMakesAQuestionUnanswerable() throws Exception {
    QaDataset d = fixture();

    assertThat(d.examples().get(1).answerable()).isFalse();
    assertThat(d.answerable()).hasSize(2);
  }

  @Test
  void reviewsAreContextsOnceWithTheItemInMetadata() throws Exception {
    QaDataset d = fixture();

    assertThat(d.contexts()).hasSize(2);
    assertThat(d.contexts().get(0).metadata())
        .containsEntry("item_id", "I1")
        .containsEntry("domain", "electronics");
    assertThat(d.examples().get(2).contextId()).isEqualTo("R2");
  }

  @Test
  void readsEverySharedSplit() throws Exception {
    assumeTrue(SharedData.resolve("subjqa").isPresent(), SharedData.missingMessage("subjqa"));
    Path electronics =
        SharedData.resolve("subjqa/SubjQA/electronics/splits/test.csv").orElseThrow();

    QaDataset test = SubjqaReader.read(electronics);

    assertThat(test.name()).isEqualTo("subjqa-electronics-test");
    assertThat(test.examples()).hasSize(718);
    assertThat(test.answerable()).hasSize(331);
    for (var e : test.answerable()) {
      Answer a = e.answers().get(0);
      String review = test.contextsById().get(e.contextId()).text();
      assertThat(review.substring(a.start(), a.end())).isEqualTo(a.text());
    }
  }
}
