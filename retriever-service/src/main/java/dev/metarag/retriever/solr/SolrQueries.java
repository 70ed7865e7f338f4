package dev.metarag.retriever.solr;

import dev.metarag.retriever.index.PassageSchema;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrQuery;

/** The Solr requests of the two channels, built from a validated search. */
final class SolrQueries {
  /** Title matches count, but less than matches in the passage itself (as embedded). */
  private static final String QUERY_FIELDS =
      PassageSchema.TEXT + " " + PassageSchema.TITLE + "^0.5";

  private SolrQueries() {}

  /**
   * BM25 over text and title. Every query word is optional (OR) and a word's text and title scores
   * add up (tie=1), as in the embedded boolean query; the caller's text is never Lucene syntax.
   */
  static SolrQuery lexical(String text, List<String> filters, int k, String fields) {
    SolrQuery q = new SolrQuery(text);
    q.set("defType", "edismax");
    q.set("qf", QUERY_FIELDS);
    q.set("q.op", "OR");
    q.set("mm", "1");
    q.set("tie", "1.0");
    q.set("uf", "-*");
    q.set("lowercaseOperators", "false");
    q.addFilterQuery(SolrFields.KIND + ":" + PassageSchema.KIND_PASSAGE);
    filters.forEach(q::addFilterQuery);
    return q.setRows(k).setFields(fields);
  }

  /** The k nearest passages by cosine; filters run before the graph search (Solr's pre-filter). */
  static SolrQuery dense(float[] vector, List<String> filters, int k, String fields) {
    StringBuilder v = new StringBuilder("{!knn f=").append(SolrFields.VECTOR);
    v.append(" topK=").append(k).append("}[");
    for (int i = 0; i < vector.length; i++) {
      v.append(i == 0 ? "" : ",").append(vector[i]);
    }
    SolrQuery q = new SolrQuery(v.append(']').toString());
    filters.forEach(q::addFilterQuery);
    return q.setRows(k).setFields(fields);
  }

  /** One filter query per key (all must match), any of its values matching exactly. */
  static List<String> filters(Map<String, List<String>> filters) {
    return filters.entrySet().stream()
        .map(
            e ->
                PassageSchema.metadataField(e.getKey())
                    + ":("
                    + String.join(" OR ", e.getValue().stream().map(SolrQueries::quoted).toList())
                    + ")")
        .toList();
  }

  /** A value as a quoted term: exact on string fields, whatever characters it holds. */
  static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
