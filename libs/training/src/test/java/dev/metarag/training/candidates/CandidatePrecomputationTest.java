package dev.metarag.training.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.inference.encoder.EncoderLoader;
import dev.metarag.inference.encoder.EncoderOptions;
import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.training.rag.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Candidates from real MiniLM dense retrieval over a small passage list. */
class CandidatePrecomputationTest {

  @Test
  void attachesTheTopPassagesAndReportsAnswersNotRetrieved() {
    try (SentenceEncoder encoder =
        EncoderLoader.builtin(EncoderLoader.BUILTIN_MINILM, EncoderOptions.defaults())) {
      InMemoryCandidateSource source =
          new InMemoryCandidateSource(
              encoder,
              List.of("battery", "kettle", "policy"),
              List.of(
                  "The battery lasts two days on one charge.",
                  "The kettle boils water in three minutes.",
                  "We share your email address with advertisers."));

      CandidatePrecomputation.Result r =
          CandidatePrecomputation.precompute(
              List.of(
                  new CandidatePrecomputation.LabelledQuestion(
                      "How long does the battery last?", List.of("two days")),
                  new CandidatePrecomputation.LabelledQuestion(
                      "Who gets my email address?", List.of("in the drawer"))),
              source,
              2);

      assertThat(r.examples()).hasSize(2);
      assertThat(r.examples().get(0).candidates())
          .extracting(Candidate::passageId)
          .startsWith("battery")
          .hasSize(2);
      assertThat(r.examples().get(1).candidates().get(0).passageId()).isEqualTo("policy");
      assertThat(r.answerNotRetrieved()).containsExactly(1);
    }
  }
}
