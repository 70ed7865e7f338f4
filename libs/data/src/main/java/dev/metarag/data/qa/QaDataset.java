package dev.metarag.data.qa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Contexts and the questions asked about them, as every reader returns them. */
public record QaDataset(String name, List<QaContext> contexts, List<QaExample> examples) {

  public Map<String, QaContext> contextsById() {
    return contexts.stream()
        .collect(
            Collectors.toMap(QaContext::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  public List<QaExample> answerable() {
    return examples.stream().filter(QaExample::answerable).toList();
  }
}
