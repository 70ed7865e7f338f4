package dev.metarag.retriever.solr;

import dev.metarag.retriever.index.PassageSchema;
import dev.metarag.retriever.search.ChannelHit;
import dev.metarag.retriever.search.FusedHit;
import dev.metarag.retriever.search.Fusion;
import dev.metarag.retriever.search.SearchHit;
import dev.metarag.retriever.search.SearchQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.common.SolrDocument;

/**
 * Runs a search on a Solr collection: each channel is one Solr query; HYBRID fuses both rankings in
 * the service with the embedded backend's {@link Fusion}.
 */
final class SolrSearcher {
  private final String solrName;

  SolrSearcher(String solrName) {
    this.solrName = solrName;
  }

  List<SearchHit> search(SolrClient solr, SearchQuery query) throws Exception {
    List<String> filters = SolrQueries.filters(query.filters());
    String fields =
        query.includeEmbeddings()
            ? SolrFields.PASSAGE_FIELDS + "," + SolrFields.VECTOR
            : SolrFields.PASSAGE_FIELDS;
    Candidates candidates = new Candidates();
    List<FusedHit> hits =
        switch (query.mode()) {
          case BM25 ->
              candidates
                  .rank(
                      solr, SolrQueries.lexical(query.text(), filters, query.topK(), fields), false)
                  .stream()
                  .map(h -> new FusedHit(h.doc(), h.score(), h, null))
                  .toList();
          case DENSE ->
              candidates
                  .rank(
                      solr, SolrQueries.dense(query.vector(), filters, query.topK(), fields), true)
                  .stream()
                  .map(h -> new FusedHit(h.doc(), h.score(), null, h))
                  .toList();
          case HYBRID -> {
            int depth = Math.max(query.candidatesPerChannel(), query.topK());
            yield Fusion.fuse(
                candidates.rank(
                    solr, SolrQueries.lexical(query.text(), filters, depth, fields), false),
                candidates.rank(
                    solr, SolrQueries.dense(query.vector(), filters, depth, fields), true),
                query.fusion(),
                query.topK());
          }
        };
    List<SearchHit> result = new ArrayList<>(hits.size());
    for (FusedHit h : hits) {
      SolrDocument d = candidates.documents.get(h.doc());
      result.add(
          new SearchHit(
              SolrFields.storedPassage(d),
              h.score(),
              h.bm25(),
              h.dense(),
              query.includeEmbeddings() ? SolrFields.vector(d) : null));
    }
    return result;
  }

  /** The passages both channels returned, numbered in order of first appearance for fusion. */
  private final class Candidates {
    final List<SolrDocument> documents = new ArrayList<>();
    final Map<String, Integer> numbers = new HashMap<>();

    List<ChannelHit> rank(SolrClient solr, SolrQuery q, boolean dense) throws Exception {
      List<ChannelHit> hits = new ArrayList<>();
      int rank = 1;
      for (SolrDocument d : SolrReads.results(solr, solrName, q)) {
        String id = (String) d.getFirstValue(SolrFields.ID);
        Integer number = numbers.get(id);
        if (number == null) {
          number = documents.size();
          numbers.put(id, number);
          documents.add(d);
        }
        float score = ((Number) d.getFirstValue(SolrFields.SCORE)).floatValue();
        hits.add(
            new ChannelHit(number, dense ? PassageSchema.cosineFromScore(score) : score, rank++));
      }
      return hits;
    }
  }
}
