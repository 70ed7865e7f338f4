package dev.metarag.training.candidates;

import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import java.util.ArrayList;
import java.util.List;

/**
 * Attaches retrieval candidates to labelled questions before training, and reports the questions
 * whose answer no candidate contains (they would add no loss).
 */
public final class CandidatePrecomputation {
  private CandidatePrecomputation() {}

  /**
   * The training examples, and the indices of questions whose answer text occurs in none of their
   * candidates.
   */
  public record Result(List<RagExample> examples, List<Integer> answerNotRetrieved) {}

  /** A labelled question: the text and its acceptable answers. */
  public record LabelledQuestion(String question, List<String> answers) {}

  public static Result precompute(List<LabelledQuestion> questions, CandidateSource source, int k) {
    List<RagExample> examples = new ArrayList<>(questions.size());
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      LabelledQuestion q = questions.get(i);
      List<Candidate> candidates = source.topK(q.question(), k);
      boolean found =
          candidates.stream()
              .anyMatch(
                  c -> q.answers().stream().anyMatch(a -> !a.isBlank() && c.text().contains(a)));
      if (!found) {
        missing.add(i);
      }
      examples.add(new RagExample(q.question(), candidates, q.answers()));
    }
    return new Result(examples, missing);
  }
}
