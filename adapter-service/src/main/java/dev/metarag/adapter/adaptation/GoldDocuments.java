package dev.metarag.adapter.adaptation;

import dev.metarag.adapter.examples.LabelledExample;
import dev.metarag.adapter.retrieval.RetrieverClient;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The gold documents that examples name and the domain's collection does not hold. Evaluation
 * counts a passage relevant by its document when an example names one; against a document that
 * cannot be retrieved every example would score as a miss, so such examples lose their gold
 * document and are judged by their answer texts, as examples without one are.
 */
final class GoldDocuments {
  /** The retriever's longest document id: a longer one cannot be stored there. */
  private static final int MAX_STORABLE_ID_CHARS = 256;

  private final Set<String> missing;

  private GoldDocuments(Set<String> missing) {
    this.missing = missing;
  }

  /** Looks up, in one or a few calls, every gold document the examples name. */
  static GoldDocuments lookUp(
      RetrieverClient retriever, String collection, List<LabelledExample> examples) {
    Set<String> asked = new LinkedHashSet<>();
    Set<String> missing = new HashSet<>();
    for (LabelledExample e : examples) {
      String id = e.goldDocumentId();
      if (id.isEmpty()) {
        continue;
      }
      if (storable(id)) {
        asked.add(id);
      } else {
        missing.add(id);
      }
    }
    missing.addAll(retriever.missingDocuments(collection, List.copyOf(asked)));
    return new GoldDocuments(missing);
  }

  private static boolean storable(String id) {
    return id.length() <= MAX_STORABLE_ID_CHARS && id.chars().noneMatch(Character::isISOControl);
  }

  /** Whether the example names a gold document the collection does not hold. */
  boolean isMissing(LabelledExample e) {
    return !e.goldDocumentId().isEmpty() && missing.contains(e.goldDocumentId());
  }

  /** The examples, those naming a missing gold document without it. */
  List<LabelledExample> resolve(List<LabelledExample> examples) {
    return examples.stream().map(e -> isMissing(e) ? e.withoutGoldDocument() : e).toList();
  }
}
