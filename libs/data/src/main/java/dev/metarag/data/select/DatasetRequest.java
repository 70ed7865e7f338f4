package dev.metarag.data.select;

import dev.metarag.data.NamedDatasets;
import java.util.Optional;

/**
 * Which labelled questions to read.
 *
 * @param name a named shared data set ("policyqa/dev", "subjqa/books/train"...), or empty
 * @param path a file under the data root or the shared data (relative: under the data root), used
 *     when {@code name} is empty
 * @param format the format of {@code path}; empty infers it from the path
 * @param limit at most this many answerable questions; 0 means all
 * @param seed draws {@code limit} questions at random with this seed; 0 takes the first in file
 *     order
 */
public record DatasetRequest(
    Optional<String> name,
    Optional<String> path,
    Optional<NamedDatasets.Format> format,
    int limit,
    long seed) {
  public DatasetRequest {
    if (name.isEmpty() == path.isEmpty()) {
      throw new IllegalArgumentException("exactly one of name and path must be given");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
  }
}
