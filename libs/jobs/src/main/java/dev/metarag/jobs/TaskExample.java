package dev.metarag.jobs;

import java.util.List;

/**
 * A labelled question with the passages the retriever returned for it: one line of a domain's task
 * file. Candidates are fixed when the job starts, so every step and every resume sees the same
 * ones.
 *
 * @param question the question
 * @param answers acceptable answer texts
 * @param candidates retrieved passages, best first
 */
public record TaskExample(String question, List<String> answers, List<Passage> candidates) {

  /**
   * A retrieved passage and its frozen document embedding (the index's).
   *
   * @param passageId the retriever's passage id
   * @param text the passage text
   * @param embedding its L2-normalised document embedding
   */
  public record Passage(String passageId, String text, float[] embedding) {}
}
