package dev.metarag.trainer.tasks;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.qa.QaExample;
import dev.metarag.data.select.DatasetNotFoundException;
import dev.metarag.data.select.DatasetRequest;
import dev.metarag.data.select.DatasetSelection;
import dev.metarag.data.select.InvalidDatasetException;
import dev.metarag.data.select.SelectedQuestions;
import dev.metarag.proto.v1.DatasetFormat;
import dev.metarag.proto.v1.DatasetRef;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the labelled questions a {@link DatasetRef} points at: a file under the data root or the
 * shared data, or a named shared data set. Missing files are NOT_FOUND; paths outside those roots,
 * files that do not parse, and formats without extractive answers are INVALID_ARGUMENT, the field
 * named.
 */
public final class DatasetLoader {
  private final DatasetSelection selection;

  /**
   * @param selection reads data sets by name or by a path under its roots
   */
  public DatasetLoader(DatasetSelection selection) {
    this.selection = selection;
  }

  public LoadedDataset load(String field, DatasetRef ref) {
    boolean named = ref.getSourceCase() == DatasetRef.SourceCase.NAME;
    DatasetRequest request =
        new DatasetRequest(
            named ? Optional.of(ref.getName()) : Optional.empty(),
            named ? Optional.empty() : Optional.of(ref.getPath()),
            named ? Optional.empty() : explicitFormat(field, ref.getFormat()),
            ref.getLimit(),
            ref.getSeed());
    String where = field + (named ? ".name: " : ".path: ");
    SelectedQuestions selected;
    try {
      selected = selection.select(request);
    } catch (DatasetNotFoundException e) {
      throw Status.NOT_FOUND.withDescription(where + e.getMessage()).asRuntimeException();
    } catch (InvalidDatasetException e) {
      throw Status.INVALID_ARGUMENT.withDescription(where + e.getMessage()).asRuntimeException();
    }
    List<LabelledQuestion> questions = new ArrayList<>();
    for (QaExample e : selected.questions()) {
      questions.add(
          new LabelledQuestion(
              e.question(),
              e.answerTexts().stream().distinct().toList(),
              e.contextId() == null ? "" : e.contextId()));
    }
    return new LoadedDataset(selected.key(), selected.sha256(), questions);
  }

  private static Optional<NamedDatasets.Format> explicitFormat(String field, DatasetFormat format) {
    return switch (format) {
      case DATASET_FORMAT_UNSPECIFIED -> Optional.empty();
      case DATASET_FORMAT_SQUAD_JSON -> Optional.of(NamedDatasets.Format.SQUAD_JSON);
      case DATASET_FORMAT_SUBJQA_CSV -> Optional.of(NamedDatasets.Format.SUBJQA_CSV);
      case DATASET_FORMAT_MEDQUAD -> Optional.of(NamedDatasets.Format.MEDQUAD_XML);
      case DATASET_FORMAT_PUBMEDQA -> Optional.of(NamedDatasets.Format.PUBMEDQA_JSON);
      default ->
          throw Status.INVALID_ARGUMENT
              .withDescription(field + ".format: " + format + " is not supported for training")
              .asRuntimeException();
    };
  }
}
