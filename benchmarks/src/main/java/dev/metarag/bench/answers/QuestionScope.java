package dev.metarag.bench.answers;

import dev.metarag.data.qa.QaContext;
import java.util.Map;

/**
 * Which metadata key scopes a data set's questions to their own document group: PolicyQA's {@code
 * title} (the policy a question is about) and SubjQA's {@code item_id} (the reviewed item). The one
 * rule {@code ./metarag eval-answers} and {@code ./metarag bench-transfer} share.
 */
public final class QuestionScope {
  private QuestionScope() {}

  /**
   * The scope key of a named shared data set ({@code policyqa/test}, {@code
   * subjqa/electronics/train}, ...), or null when its questions are asked of the whole corpus
   * (CovidQA, SQuAD, any {@code squad:<file>}).
   */
  public static String keyOf(String dataset) {
    if (dataset == null) {
      return null;
    }
    if (dataset.startsWith("policyqa/")) {
      return "title";
    }
    if (dataset.startsWith("subjqa/")) {
      return "item_id";
    }
    return null;
  }

  /** The scope value of a question: its own context's value of the key; null when none. */
  public static String valueOf(String key, String contextId, Map<String, QaContext> contexts) {
    if (key == null) {
      return null;
    }
    QaContext c = contexts.get(contextId);
    return c == null ? null : c.metadata().get(key);
  }
}
