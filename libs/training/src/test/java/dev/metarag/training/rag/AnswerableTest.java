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

  @Test
  void anAnswerFoundOnlyInsideALongerWordIsNot() {
    RagExample e =
        new RagExample(
            "How much does it weigh?",
            List.of(passage("It weighs 180 grams after the holidays.")),
            List.of("18", "days"));

    assertThat(model.answerable(e)).isFalse();
  }

  @Test
  void onlyWholeWordOccurrencesAreGoldSpans() {
    String text = "It weighs 180 grams, or 18 ounces.";
    var pair = TinyRag.tokenizer().encodePair("How much?", text, 48, 16);

    List<AnswerSpans.Span> spans = AnswerSpans.find(text, pair, List.of("18"));

    assertThat(spans).hasSize(1);
    int start = spans.get(0).start() - pair.passageStart();
    assertThat(text.substring(pair.passageTokens().get(start).start())).startsWith("18 ounces");
  }
}
