package dev.metarag.data.beir;

import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a QA data set into a retrieval benchmark: the contexts are the corpus (with their metadata,
 * for scoped retrieval), each answerable question is a query, and its own context is the one
 * relevant document (relevance 1). Unanswerable questions are left out: no document is relevant to
 * them.
 */
public final class QaToRetrieval {
  private QaToRetrieval() {}

  public static RetrievalDataset convert(QaDataset qa) {
    List<CorpusDocument> corpus =
        qa.contexts().stream()
            .map((QaContext c) -> new CorpusDocument(c.id(), c.title(), c.text(), c.metadata()))
            .toList();
    Map<String, QaContext> byId = qa.contextsById();
    Map<String, String> queries = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    for (QaExample e : qa.examples()) {
      if (!e.answerable()) {
        continue;
      }
      if (!byId.containsKey(e.contextId())) {
        throw new IllegalArgumentException(
            "question " + e.id() + " points at unknown context " + e.contextId());
      }
      if (queries.putIfAbsent(e.id(), e.question()) != null) {
        // A repeated id would silently drop a query and merge its judgements into another's.
        throw new IllegalArgumentException(
            "data set " + qa.name() + " repeats question id " + e.id());
      }
      qrels.put(e.id(), Map.of(e.contextId(), 1));
    }
    return new RetrievalDataset(qa.name(), corpus, queries, qrels);
  }
}
