package dev.metarag.training.rag;

import dev.metarag.data.eval.WholeWords;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the gold answers lie in an encoded passage, as token positions.
 *
 * <p>Every occurrence of every answer text in the passage is a gold span (an answer found in
 * several places is marginalised over all of them), except inside a longer word: "18" in "180" or
 * "days" in "holidays" would teach the reader to cut words ({@link WholeWords}, the rule
 * evaluation's relevance uses too). An occurrence cut off by truncation is dropped. Matching is
 * exact on the text, as SQuAD-style labels are.
 */
final class AnswerSpans {
  private AnswerSpans() {}

  /** A gold span: start and end token positions in the pair's ids, inclusive. */
  record Span(int start, int end) {}

  static List<Span> find(String passage, EncodedPair pair, List<String> answers) {
    List<Span> spans = new ArrayList<>();
    for (String answer : answers) {
      if (answer.isBlank()) {
        continue;
      }
      for (int at : WholeWords.occurrences(passage, answer)) {
        Span s = toTokens(pair, at, at + answer.length());
        if (s != null && !spans.contains(s)) {
          spans.add(s);
        }
      }
    }
    return spans;
  }

  private static Span toTokens(EncodedPair pair, int charStart, int charEnd) {
    List<Token> tokens = pair.passageTokens();
    int first = -1;
    int last = -1;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (first < 0 && t.end() > charStart) {
        first = i;
      }
      if (t.start() < charEnd) {
        last = i;
      }
    }
    if (first < 0 || last < first || tokens.get(last).end() < charEnd) {
      return null; // truncated away
    }
    return new Span(pair.position(first), pair.position(last));
  }
}
