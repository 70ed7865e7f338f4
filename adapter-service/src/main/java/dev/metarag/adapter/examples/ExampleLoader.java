package dev.metarag.adapter.examples;

import static dev.metarag.adapter.grpc.Statuses.invalid;
import static dev.metarag.adapter.grpc.Statuses.notFound;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.inline.InlineFilter;
import dev.metarag.data.inline.InlineQuestion;
import dev.metarag.data.inline.InlineQuestions;
import dev.metarag.data.inline.InvalidInlineQuestionsException;
import dev.metarag.data.qa.QaExample;
import dev.metarag.data.select.DatasetNotFoundException;
import dev.metarag.data.select.DatasetRequest;
import dev.metarag.data.select.DatasetSelection;
import dev.metarag.data.select.InvalidDatasetException;
import dev.metarag.data.select.SelectedQuestions;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.InlineExamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an {@link ExampleSource} into labelled examples: inline examples are checked by {@link
 * InlineQuestions} (as {@code QaExample} documents), with their retrieval scopes; data sets are
 * read through {@link DatasetSelection}, and their examples have no scope. Every error is
 * INVALID_ARGUMENT or NOT_FOUND naming the field.
 */
public final class ExampleLoader {
  private final DatasetSelection datasets;

  /**
   * @param datasets reads data sets by name or by a path under its roots
   */
  public ExampleLoader(DatasetSelection datasets) {
    this.datasets = datasets;
  }

  /**
   * @param field the request field, for messages ("support", "evaluation")
   * @param maxExamples the most examples the field allows
   */
  public ExampleSet load(String field, ExampleSource source, int maxExamples) {
    return switch (source.getSourceCase()) {
      case INLINE -> inline(field + ".inline", source.getInline(), maxExamples);
      case DATASET -> dataset(field + ".dataset", source.getDataset(), maxExamples);
      case SOURCE_NOT_SET -> throw invalid(field, "set inline examples or a dataset");
    };
  }

  private ExampleSet inline(String field, InlineExamples inline, int maxExamples) {
    List<InlineQuestion> questions = new ArrayList<>(inline.getExamplesCount());
    for (dev.metarag.proto.v1.QaExample e : inline.getExamplesList()) {
      questions.add(
          new InlineQuestion(
              e.getId(),
              e.getQuestion(),
              e.getAnswersList(),
              e.getGoldDocumentId(),
              e.getFiltersList().stream()
                  .map(f -> new InlineFilter(f.getKey(), f.getAnyOfList()))
                  .toList()));
    }
    try {
      InlineQuestions.check(field, questions, maxExamples);
    } catch (InvalidInlineQuestionsException e) {
      throw invalid(e.field(), e.problem());
    }
    List<LabelledExample> out = new ArrayList<>(questions.size());
    for (dev.metarag.proto.v1.QaExample e : inline.getExamplesList()) {
      out.add(
          new LabelledExample(
              e.getId(),
              out.size(),
              e.getQuestion(),
              e.getAnswersList(),
              e.getGoldDocumentId(),
              e.getFiltersList()));
    }
    return new ExampleSet(out, Map.of("inline", ModelPackage.sha256(inline.toByteArray())));
  }

  private ExampleSet dataset(String field, DatasetRef ref, int maxExamples) {
    if (ref.getSourceCase() == DatasetRef.SourceCase.SOURCE_NOT_SET) {
      throw invalid(field, "set a name or a path");
    }
    if (ref.getLimit() < 0) {
      throw invalid(field + ".limit", "must be 0 (all) or positive, got " + ref.getLimit());
    }
    boolean named = ref.getSourceCase() == DatasetRef.SourceCase.NAME;
    SelectedQuestions selected;
    try {
      selected =
          datasets.select(
              new DatasetRequest(
                  named ? Optional.of(ref.getName()) : Optional.empty(),
                  named ? Optional.empty() : Optional.of(ref.getPath()),
                  named ? Optional.empty() : format(field, ref),
                  ref.getLimit(),
                  ref.getSeed()));
    } catch (DatasetNotFoundException e) {
      throw notFound(field + (named ? ".name: " : ".path: ") + e.getMessage());
    } catch (InvalidDatasetException e) {
      throw invalid(field + (named ? ".name" : ".path"), e.getMessage());
    }
    if (selected.questions().isEmpty()) {
      throw invalid(field, "the data set has no answerable question");
    }
    if (selected.questions().size() > maxExamples) {
      throw invalid(
          field + ".limit",
          "the data set gives "
              + selected.questions().size()
              + " questions; at most "
              + maxExamples
              + " are allowed: set a limit");
    }
    List<LabelledExample> out = new ArrayList<>();
    for (QaExample q : selected.questions()) {
      out.add(
          new LabelledExample(
              idOf(q), out.size(), q.question(), q.answerTexts().stream().distinct().toList(), ""));
    }
    // A whole data set was asked for: say which of its questions were left out, and why.
    List<LabelledExample> unanswerable =
        ref.getLimit() > 0
            ? List.of()
            : selected.unanswerable().stream()
                .limit(maxExamples)
                .map(
                    u ->
                        new LabelledExample(
                            idOf(u.question()),
                            u.position(),
                            u.question().question(),
                            List.of(),
                            ""))
                .toList();
    return new ExampleSet(out, Map.of(selected.key(), selected.sha256()), unanswerable);
  }

  /** A data set question's id; empty when the file gives none. */
  private static String idOf(QaExample q) {
    return q.id() == null ? "" : q.id();
  }

  private static Optional<NamedDatasets.Format> format(String field, DatasetRef ref) {
    return switch (ref.getFormat()) {
      case DATASET_FORMAT_UNSPECIFIED -> Optional.empty();
      case DATASET_FORMAT_SQUAD_JSON -> Optional.of(NamedDatasets.Format.SQUAD_JSON);
      case DATASET_FORMAT_SUBJQA_CSV -> Optional.of(NamedDatasets.Format.SUBJQA_CSV);
      case DATASET_FORMAT_MEDQUAD -> Optional.of(NamedDatasets.Format.MEDQUAD_XML);
      case DATASET_FORMAT_PUBMEDQA -> Optional.of(NamedDatasets.Format.PUBMEDQA_JSON);
      default ->
          throw invalid(
              field + ".format",
              ref.getFormat() + " is not supported; use SQuAD JSON or SubjQA CSV");
    };
  }
}
