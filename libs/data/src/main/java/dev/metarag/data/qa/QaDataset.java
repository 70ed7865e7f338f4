package dev.metarag.data.qa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Contexts and the questions asked about them, as every reader returns them. */
public record QaDataset(String name, List<QaContext> contexts, List<QaExample> examples) {

  public QaDataset {
    contexts = List.copyOf(contexts);
    examples = List.copyOf(examples);
  }

  /** The contexts by id, in data set order. */
  public Map<String, QaContext> contextsById() {
    Map<String, QaContext> byId = new LinkedHashMap<>();
    for (QaContext c : contexts) {
      if (byId.putIfAbsent(c.id(), c) != null) {
        // Readers build unique ids; two equal ids would make questions point at the wrong text.
        throw new IllegalStateException("data set " + name + " has two contexts with id " + c.id());
      }
    }
    return byId;
  }

  /** The questions their context answers. */
  public List<QaExample> answerable() {
    return examples.stream().filter(QaExample::answerable).toList();
  }
}
