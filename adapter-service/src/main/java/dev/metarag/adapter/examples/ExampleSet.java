package dev.metarag.adapter.examples;

import java.util.List;
import java.util.Map;

/**
 * Loaded examples and where they came from.
 *
 * @param checksums SHA-256 by data set name or path, or under "inline" for inline examples
 */
public record ExampleSet(List<LabelledExample> examples, Map<String, String> checksums) {}
