package dev.metarag.data.select;

import dev.metarag.data.qa.QaExample;
import java.util.List;

/**
 * The questions read for a {@link DatasetRequest}.
 *
 * @param key the data set's name, or its path, as lineage records it
 * @param sha256 SHA-256 of the file (of every file, in name order, for a folder)
 * @param questions answerable questions, after the limit; each has at least one answer text
 * @param unanswerable questions of the file without an answer (SQuAD 2.0, SubjQA), left out, in
 *     file order
 */
public record SelectedQuestions(
    String key, String sha256, List<QaExample> questions, List<Unanswerable> unanswerable) {

  /**
   * A question left out for having no answer text.
   *
   * @param position its 0-based position among all the questions of the data set
   */
  public record Unanswerable(int position, QaExample question) {}
}
