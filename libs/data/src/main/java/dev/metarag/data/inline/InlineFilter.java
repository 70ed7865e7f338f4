package dev.metarag.data.inline;

import java.util.List;

/**
 * A metadata filter of an inline example's retrieval scope (a {@code metarag.v1.MetadataFilter}),
 * before it is checked: a document matches when its metadata[key] is one of the values.
 *
 * @param anyOf the alternative values
 */
public record InlineFilter(String key, List<String> anyOf) {
  public InlineFilter {
    anyOf = List.copyOf(anyOf);
  }
}
