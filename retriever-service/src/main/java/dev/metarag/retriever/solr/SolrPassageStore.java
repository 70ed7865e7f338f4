package dev.metarag.retriever.solr;

import dev.metarag.retriever.config.SolrSettings;
import dev.metarag.retriever.index.PassageRecord;
import dev.metarag.retriever.index.PassageSchema;
import dev.metarag.retriever.search.SearchHit;
import dev.metarag.retriever.search.SearchQuery;
import dev.metarag.retriever.store.DocumentPassages;
import dev.metarag.retriever.store.PassageStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * The SOLRCLOUD backend of one collection. Passages are overwritten by id and surplus ones deleted
 * by id, so an upsert never needs a delete-by-query; the passage counts come from real-time get,
 * which sees upserts not yet committed. Writes are acknowledged as the commit policy says.
 */
final class SolrPassageStore implements PassageStore {
  private final SolrCollections cluster;
  private final String collection;
  private final String solrName;
  private final SolrSettings settings;
  private final SolrSearcher searcher;

  /**
   * Upserts of one document must not interleave (the second could miss the first's passages); one
   * retriever serialises its own. Two retrievers writing the same document at once are not covered.
   */
  private final Object writeLock = new Object();

  SolrPassageStore(
      SolrCollections cluster, String collection, String solrName, SolrSettings settings) {
    this.cluster = cluster;
    this.collection = collection;
    this.solrName = solrName;
    this.settings = settings;
    this.searcher = new SolrSearcher(solrName);
  }

  @Override
  public boolean[] upsert(List<DocumentPassages> documents) {
    synchronized (writeLock) {
      Map<String, Integer> before =
          storedPassageCounts(documents.stream().map(DocumentPassages::documentId).toList());
      UpdateRequest update = new UpdateRequest();
      update.setCommitWithin(settings.commitWithinMillis());
      boolean[] existed = new boolean[documents.size()];
      for (int i = 0; i < documents.size(); i++) {
        DocumentPassages d = documents.get(i);
        update.add(SolrFields.header(d));
        for (PassageRecord p : d.passages()) {
          update.add(SolrFields.passage(p));
        }
        Integer old = before.get(d.documentId());
        existed[i] = old != null;
        for (int k = d.passages().size(); old != null && k < old; k++) {
          update.deleteById(PassageSchema.passageId(d.documentId(), k));
        }
      }
      SolrFailures.call(
          "upserting into " + solrName, () -> update.process(cluster.client(), solrName));
      return existed;
    }
  }

  @Override
  public void commit() {
    if (settings.commitPolicy() == SolrSettings.CommitPolicy.HARD_COMMIT) {
      SolrFailures.call(
          "committing " + solrName, () -> cluster.client().commit(solrName, true, true));
    }
  }

  @Override
  public int[] delete(List<String> documentIds) {
    synchronized (writeLock) {
      Map<String, Integer> before = storedPassageCounts(documentIds);
      int[] passages = new int[documentIds.size()];
      StringBuilder stored = new StringBuilder();
      for (int i = 0; i < documentIds.size(); i++) {
        Integer count = before.get(documentIds.get(i));
        passages[i] = count == null ? -1 : count;
        if (count != null) {
          stored
              .append(stored.isEmpty() ? "" : " OR ")
              .append(SolrQueries.quoted(documentIds.get(i)));
        }
      }
      if (stored.isEmpty()) {
        return passages;
      }
      UpdateRequest update = new UpdateRequest();
      // By query, so that passages a concurrent writer elsewhere left behind go too.
      update.deleteByQuery(PassageSchema.DOC_ID + ":(" + stored + ")");
      if (settings.commitPolicy() == SolrSettings.CommitPolicy.HARD_COMMIT) {
        update.setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true);
      } else {
        update.setCommitWithin(settings.commitWithinMillis());
      }
      SolrFailures.call(
          "deleting documents from " + solrName, () -> update.process(cluster.client(), solrName));
      return passages;
    }
  }

  @Override
  public int[] passageCounts(List<String> documentIds) {
    Map<String, Integer> stored = storedPassageCounts(documentIds);
    return documentIds.stream().mapToInt(id -> stored.getOrDefault(id, -1)).toArray();
  }

  /** Passage counts of the stored documents among {@code documentIds}, by real-time get. */
  private Map<String, Integer> storedPassageCounts(List<String> documentIds) {
    List<String> headerIds = documentIds.stream().map(SolrFields::headerId).distinct().toList();
    ModifiableSolrParams fields = new ModifiableSolrParams();
    fields.set("fl", PassageSchema.DOC_ID + "," + PassageSchema.PASSAGE_COUNT);
    List<SolrDocument> headers =
        SolrFailures.call(
            "reading document headers of " + solrName,
            () -> cluster.client().getById(solrName, headerIds, fields));
    Map<String, Integer> counts = new HashMap<>();
    for (SolrDocument h : headers) {
      counts.put(
          (String) h.getFirstValue(PassageSchema.DOC_ID),
          SolrFields.intValue(h, PassageSchema.PASSAGE_COUNT));
    }
    return counts;
  }

  @Override
  public List<SearchHit> search(SearchQuery query) {
    return SolrFailures.call(
        "searching " + solrName, () -> searcher.search(cluster.client(), query));
  }

  @Override
  public long documentCount() {
    return count(PassageSchema.KIND_DOCUMENT);
  }

  @Override
  public long passageCount() {
    return count(PassageSchema.KIND_PASSAGE);
  }

  private long count(String kind) {
    SolrQuery q = new SolrQuery("*:*").addFilterQuery(SolrFields.KIND + ":" + kind).setRows(0);
    return SolrFailures.call(
        "counting in " + solrName,
        () -> SolrReads.results(cluster.client(), solrName, q).getNumFound());
  }

  @Override
  public void drop() {
    cluster.delete(collection);
  }

  /** The client is shared by every collection; nothing of this store's own to release. */
  @Override
  public void close() {}
}
