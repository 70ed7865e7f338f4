package dev.metarag.adapter.adaptation;

import dev.metarag.adapter.examples.LabelledExample;
import dev.metarag.proto.v1.ExampleIssue;
import dev.metarag.proto.v1.ExampleReport;
import dev.metarag.security.limits.Quoted;
import dev.metarag.training.rag.RagExample;
import java.util.List;

/**
 * The support examples that give the adaptation a loss, with their retrieved passages, and the
 * reports of those that cannot.
 *
 * @param used examples with an answer in a retrieved passage, in support-set order
 * @param reports examples that were skipped or reported, in support-set order
 */
public record SupportSet(List<RagExample> used, List<ExampleReport> reports) {
  private static final int QUESTION_PREFIX = 200;

  /** The report of an example whose answers are in none of its top-k passages. */
  static ExampleReport answerNotRetrieved(LabelledExample e, int topK) {
    return report(
        e,
        ExampleIssue.EXAMPLE_ISSUE_ANSWER_NOT_RETRIEVED,
        "answer '"
            + prefix(e.answers().get(0))
            + "'"
            + (e.answers().size() > 1 ? " (or another of its answers)" : "")
            + " is in none of the top "
            + topK
            + " passages"
            + (e.filters().isEmpty() ? "" : " of the documents its filters allow")
            + "; the example is skipped (raise retrieval_top_k, or check the answer"
            + " text is copied exactly from a document"
            + (e.filters().isEmpty() ? "" : " that its filters allow")
            + ")");
  }

  /** The report of a data set question that has no answer text, so cannot be learned from. */
  static ExampleReport noAnswer(LabelledExample e) {
    return report(
        e,
        ExampleIssue.EXAMPLE_ISSUE_NO_ANSWER,
        "the data set gives no answer text for this question (an unanswerable question); it is"
            + " left out of the support set (its index is its position in the data set)");
  }

  /** The report of an example whose gold document the domain's collection does not hold. */
  static ExampleReport goldDocumentNotFound(LabelledExample e, String domain) {
    return report(
        e,
        ExampleIssue.EXAMPLE_ISSUE_GOLD_DOCUMENT_NOT_FOUND,
        "gold_document_id "
            + Quoted.of(e.goldDocumentId())
            + " is not in collection '"
            + domain
            + "': evaluation judges this example by its answer texts instead; it is still"
            + " used (ingest that document, or correct the id)");
  }

  private static ExampleReport report(LabelledExample e, ExampleIssue issue, String message) {
    return ExampleReport.newBuilder()
        .setExampleId(e.id())
        .setIndex(e.index())
        .setQuestion(prefix(e.question()))
        .setIssue(issue)
        .setMessage(message)
        .build();
  }

  private static String prefix(String text) {
    return text.length() <= QUESTION_PREFIX ? text : text.substring(0, QUESTION_PREFIX);
  }
}
