package dev.metarag.trainer.tasks;

import dev.metarag.data.inline.InlineQuestion;
import dev.metarag.data.inline.MetadataFilters;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.QaExample;
import java.util.List;

/**
 * A domain's questions sent inline in its spec ({@code SourceDomain.examples}), read as a data set
 * is, each with its retrieval scope ({@code QaExample.filters}): the job's record keeps them, so
 * preparing them again after a restart (or for another executor) gives the same tasks.
 */
public final class InlineDataset {
  private InlineDataset() {}

  /** The examples as the shared rules of inline questions take them. */
  public static List<InlineQuestion> questions(InlineExamples examples) {
    return examples.getExamplesList().stream().map(InlineDataset::question).toList();
  }

  /**
   * A checked domain's examples, keyed {@code inline:<domain>} in the lineage with the SHA-256 of
   * their protobuf serialisation.
   */
  public static LoadedDataset load(String domain, InlineExamples examples) {
    List<LabelledQuestion> questions =
        examples.getExamplesList().stream()
            .map(
                e ->
                    new LabelledQuestion(
                        e.getQuestion(),
                        e.getAnswersList().stream().distinct().toList(),
                        e.getGoldDocumentId(),
                        e.getFiltersList()))
            .toList();
    return new LoadedDataset(
        "inline:" + domain, ModelPackage.sha256(examples.toByteArray()), questions);
  }

  /** An example's retrieval scope as the shared rules of filters take it. */
  public static List<MetadataFilters.Filter> filters(QaExample e) {
    return e.getFiltersList().stream()
        .map(f -> new MetadataFilters.Filter(f.getKey(), f.getAnyOfList()))
        .toList();
  }

  private static InlineQuestion question(QaExample e) {
    return new InlineQuestion(
        e.getId(), e.getQuestion(), e.getAnswersList(), e.getGoldDocumentId());
  }
}
