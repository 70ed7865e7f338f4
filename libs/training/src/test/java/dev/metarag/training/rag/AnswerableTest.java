package dev.metarag.training.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which examples the RAG loss can use: those with an answer span in a candidate. */
class AnswerableTest {
  private final RagModel model = TinyRag.model();

  private static Candidate passage(String text) {
    return new Candidate("d#0", "d", text, TinyRag.unit(1));
  }

  @Test
  void anExactAnswerInAnyCandidateMakesTheExampleAnswerable() {
    RagExample e =
        new RagExample(
            "Where is the pump?",
            List.of(passage("Nothing here."), passage("The pump sits under the sink.")),
            List.of("under the sink"));

    assertThat(model.answerable(e)).isTrue();
  }

  @Test
  void anAnswerInNoCandidateIsNot() {
    RagExample e =
        new RagExample(
            "Where is the pump?",
            List.of(passage("The pump sits under the sink.")),
            List.of("in the garage"));

    assertThat(model.answerable(e)).isFalse();
  }

  @Test
  void anAnswerCutOffByTruncationIsNot() {
    String longPassage = "filler words ".repeat(400) + "The pump sits under the sink.";
    RagExample e =
        new RagExample(
            "Where is the pump?", List.of(passage(longPassage)), List.of("under the sink"));

    assertThat(model.answerable(e)).isFalse();
  }
}
