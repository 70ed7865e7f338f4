package dev.metarag.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.training.rag.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelevanceTest {
  private static Candidate passage(String documentId, String text) {
    return new Candidate(documentId + "#0", documentId, text, new float[0]);
  }

  private static EvaluationExample question(String goldDocumentId, String... answers) {
    return new EvaluationExample("q?", List.of(answers), goldDocumentId, List.of());
  }

  @Test
  void anAnswerCountsAfterSquadNormalisationAndOnlyAsWholeWords() {
    EvaluationExample e = question("", "the two days");

    assertThat(Relevance.relevant(e, passage("d1", "It lasts Two Days."))).isTrue();
    assertThat(Relevance.relevant(e, passage("d2", "It lasts twenty-two days."))).isFalse();
    assertThat(Relevance.relevant(question("", "18"), passage("d3", "It weighs 180 grams.")))
        .isFalse();
  }

  @Test
  void aGoldDocumentIsTheOnlyRelevantOne() {
    EvaluationExample e = question("d2", "two days");

    assertThat(Relevance.relevant(e, passage("d1", "It lasts two days."))).isFalse();
    assertThat(Relevance.relevant(e, passage("d2", "Battery life is excellent."))).isTrue();
  }

  @Test
  void blankAnswersMakeNothingRelevant() {
    assertThat(Relevance.relevant(question("", "", "the"), passage("d1", "the end"))).isFalse();
  }
}
