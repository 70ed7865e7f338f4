package dev.metarag.adapter.examples;

import java.util.List;
import java.util.Map;

/**
 * Loaded examples and where they came from.
 *
 * @param checksums SHA-256 by data set name or path, or under "inline" for inline examples
 * @param unanswerable questions of a whole data set left out for having no answer text (SQuAD 2.0,
 *     SubjQA), each with its position among the data set's questions as its index and no answers;
 *     at most the set's size limit of them, and none when a limit chose the questions
 */
public record ExampleSet(
    List<LabelledExample> examples,
    Map<String, String> checksums,
    List<LabelledExample> unanswerable) {

  public ExampleSet(List<LabelledExample> examples, Map<String, String> checksums) {
    this(examples, checksums, List.of());
  }
}
