package dev.metarag.data.inline;

import dev.metarag.data.Quoted;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a labelled question's retrieval scope ({@code metarag.v1.QaExample.filters}), which
 * are those of the retriever's {@code RetrieveRequest.filters}: at most {@value #MAX_FILTERS}
 * filters, each with a metadata key of 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-' used
 * once, and 1 to {@value #MAX_VALUES} values. A question that passes is never refused by the
 * retriever for its filters, so a job or an adaptation fails at the request, not half-way through
 * its retrieval. The adapter and the meta-trainer both check by them.
 *
 * <p>The services generate their own protobuf classes (this library has none), so a filter is given
 * as a {@link Filter}: {@code new Filter(f.getKey(), f.getAnyOfList())}.
 */
public final class MetadataFilters {
  /** The most filters one question may carry (the retriever's limit per request). */
  public static final int MAX_FILTERS = 16;

  /** The most values one filter's any_of may hold (the retriever's limit). */
  public static final int MAX_VALUES = 256;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private MetadataFilters() {}

  /**
   * A {@code metarag.v1.MetadataFilter}: the document's metadata[key] must be one of {@code anyOf}.
   */
  public record Filter(String key, List<String> anyOf) {
    public Filter {
      Objects.requireNonNull(key, "key");
      anyOf = List.copyOf(anyOf);
    }
  }

  /**
   * Checks one question's filters.
   *
   * @param filters the filters, in the order they were sent
   * @param fieldPrefix the filters' field in the request, for messages, for example {@code
   *     spec.domains[0].examples.examples[2].filters}; a filter's fields are named below it ({@code
   *     ...filters[0].key})
   * @throws InvalidInlineQuestionsException naming the first bad field
   */
  public static void validate(List<Filter> filters, String fieldPrefix) {
    if (filters.size() > MAX_FILTERS) {
      throw new InvalidInlineQuestionsException(
          fieldPrefix, filters.size() + " filters; at most " + MAX_FILTERS + " are allowed");
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < filters.size(); i++) {
      Filter f = filters.get(i);
      String at = fieldPrefix + "[" + i + "]";
      if (f.key().isEmpty()) {
        throw new InvalidInlineQuestionsException(
            at + ".key", "required: the metadata key to match");
      }
      if (!KEY.matcher(f.key()).matches()) {
        throw new InvalidInlineQuestionsException(
            at + ".key",
            Quoted.of(f.key())
                + " is no metadata key: use 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
      }
      if (!keys.add(f.key())) {
        throw new InvalidInlineQuestionsException(
            at + ".key",
            Quoted.of(f.key()) + " is used by an earlier filter: put all its values in one any_of");
      }
      if (f.anyOf().isEmpty()) {
        throw new InvalidInlineQuestionsException(
            at + ".any_of", "give at least one value to match");
      }
      if (f.anyOf().size() > MAX_VALUES) {
        throw new InvalidInlineQuestionsException(
            at + ".any_of", f.anyOf().size() + " values; at most " + MAX_VALUES + " are allowed");
      }
    }
  }
}
