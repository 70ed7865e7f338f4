package dev.metarag.retriever.search;

import dev.metarag.retriever.index.PassageIndex;
import dev.metarag.retriever.index.PassageSchema;
import dev.metarag.retriever.index.StoredPassage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/** Runs the BM25 and dense channels on one searcher and fuses them as the query asks. */
public final class PassageSearcher {
  /** Title matches count, but less than matches in the passage itself. */
  private static final float TITLE_BOOST = 0.5f;

  private final Analyzer analyzer;

  public PassageSearcher(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  public List<SearchHit> search(IndexSearcher searcher, SearchQuery query) throws IOException {
    Query filter = metadataFilter(query.filters());
    List<FusedHit> hits =
        switch (query.mode()) {
          case BM25 -> onlyBm25(bm25(searcher, query.text(), filter, query.topK()));
          case DENSE -> onlyDense(dense(searcher, query.vector(), filter, query.topK()));
          case HYBRID -> {
            int depth = Math.max(query.candidatesPerChannel(), query.topK());
            yield Fusion.fuse(
                bm25(searcher, query.text(), filter, depth),
                dense(searcher, query.vector(), filter, depth),
                query.fusion(),
                query.topK());
          }
        };
    StoredFields stored = searcher.storedFields();
    List<SearchHit> result = new ArrayList<>(hits.size());
    for (FusedHit h : hits) {
      float[] embedding = query.includeEmbeddings() ? storedVector(searcher, h.doc()) : null;
      result.add(
          new SearchHit(readPassage(stored, h.doc()), h.score(), h.bm25(), h.dense(), embedding));
    }
    return result;
  }

  /** The indexed vector of a passage, read back from its segment's vector values. */
  private static float[] storedVector(IndexSearcher searcher, int doc) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    FloatVectorValues values = leaf.reader().getFloatVectorValues(PassageSchema.VECTOR);
    if (values == null) {
      return new float[0];
    }
    KnnVectorValues.DocIndexIterator it = values.iterator();
    int target = doc - leaf.docBase;
    if (it.advance(target) != target) {
      return new float[0];
    }
    return values.vectorValue(it.index()).clone();
  }

  private static StoredPassage readPassage(StoredFields stored, int doc) throws IOException {
    return StoredPassage.read(stored, doc);
  }

  List<ChannelHit> bm25(IndexSearcher searcher, String text, Query metadataFilter, int k)
      throws IOException {
    QueryBuilder builder = new QueryBuilder(analyzer);
    Query inText = builder.createBooleanQuery(PassageSchema.TEXT, text);
    Query inTitle = builder.createBooleanQuery(PassageSchema.TITLE, text);
    if (inText == null && inTitle == null) {
      // Every word was a stop word: nothing to match lexically.
      return List.of();
    }
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    if (inText != null) {
      q.add(inText, BooleanClause.Occur.SHOULD);
    }
    if (inTitle != null) {
      q.add(new BoostQuery(inTitle, TITLE_BOOST), BooleanClause.Occur.SHOULD);
    }
    q.setMinimumNumberShouldMatch(1);
    q.add(PassageIndex.kind(PassageSchema.KIND_PASSAGE), BooleanClause.Occur.FILTER);
    if (metadataFilter != null) {
      q.add(metadataFilter, BooleanClause.Occur.FILTER);
    }
    return channelHits(searcher.search(q.build(), k), false);
  }

  static List<ChannelHit> dense(IndexSearcher searcher, float[] vector, Query metadataFilter, int k)
      throws IOException {
    // Only passage records carry vectors, so no kind filter is needed here.
    Query q = new KnnFloatVectorQuery(PassageSchema.VECTOR, vector, k, metadataFilter);
    return channelHits(searcher.search(q, k), true);
  }

  private static List<ChannelHit> channelHits(TopDocs top, boolean dense) {
    List<ChannelHit> hits = new ArrayList<>(top.scoreDocs.length);
    int rank = 1;
    for (ScoreDoc sd : top.scoreDocs) {
      float score = dense ? PassageSchema.cosineFromScore(sd.score) : sd.score;
      hits.add(new ChannelHit(sd.doc, score, rank++));
    }
    return hits;
  }

  /** AND over keys, OR over each key's values; null when there is nothing to filter. */
  static Query metadataFilter(Map<String, List<String>> filters) {
    if (filters.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    filters.forEach(
        (key, values) ->
            all.add(
                new TermInSetQuery(
                    PassageSchema.metadataField(key), values.stream().map(BytesRef::new).toList()),
                BooleanClause.Occur.FILTER));
    return all.build();
  }

  private static List<FusedHit> onlyBm25(List<ChannelHit> hits) {
    return hits.stream().map(h -> new FusedHit(h.doc(), h.score(), h, null)).toList();
  }

  private static List<FusedHit> onlyDense(List<ChannelHit> hits) {
    return hits.stream().map(h -> new FusedHit(h.doc(), h.score(), null, h)).toList();
  }
}
