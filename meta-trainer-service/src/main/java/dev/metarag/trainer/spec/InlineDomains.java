package dev.metarag.trainer.spec;

import dev.metarag.data.inline.InlineQuestions;
import dev.metarag.data.inline.InvalidInlineQuestionsException;
import dev.metarag.data.inline.MetadataFilters;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.trainer.tasks.InlineDataset;

/**
 * The bounds of domains given by inline examples: each set by the rules shared with the adapter,
 * and all of a spec's together by size, since the job's record keeps them and GetJob returns them.
 */
final class InlineDomains {
  /** Bytes all inline examples of a spec may take, protobuf-encoded (1 MiB). */
  static final int MAX_SPEC_BYTES = 1 << 20;

  private InlineDomains() {}

  /**
   * Checks one domain's examples, their retrieval scopes ({@code QaExample.filters}) included.
   *
   * @param field the domain's examples field, for example {@code spec.domains[1].examples}
   */
  static void check(String field, InlineExamples examples) {
    try {
      InlineQuestions.check(field, InlineDataset.questions(examples), InlineQuestions.MAX_EXAMPLES);
      for (int i = 0; i < examples.getExamplesCount(); i++) {
        MetadataFilters.validate(
            InlineDataset.filters(examples.getExamples(i)), field + ".examples[" + i + "].filters");
      }
    } catch (InvalidInlineQuestionsException e) {
      throw new InvalidSpecException(e.field(), e.problem());
    }
  }

  /**
   * Adds one domain's examples to the spec's running total.
   *
   * @return the total so far, in bytes
   */
  static long addToTotal(String field, InlineExamples examples, long totalBefore) {
    long total = totalBefore + examples.getSerializedSize();
    Check.that(
        total <= MAX_SPEC_BYTES,
        field,
        "the spec's inline examples take "
            + total
            + " bytes up to here; at most "
            + MAX_SPEC_BYTES
            + " (1 MiB) are allowed in all: send fewer or shorter examples");
    return total;
  }
}
