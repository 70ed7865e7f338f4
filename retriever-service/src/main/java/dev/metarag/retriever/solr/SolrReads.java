package dev.metarag.retriever.solr;

import dev.metarag.retriever.error.BackendUnavailableException;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocumentList;

/**
 * Runs a read-only Solr query and retries it a few times when the cluster answers without results
 * or cannot be reached: while a node goes down, a request routed to it may come back empty-handed
 * before the cluster state names the node dead, and the next attempt goes to a live replica.
 * Queries change nothing, so repeating one is safe.
 */
final class SolrReads {
  static final int ATTEMPTS = 4;
  private static final long FIRST_BACKOFF_MILLIS = 50;

  private SolrReads() {}

  static SolrDocumentList results(SolrClient solr, String collection, SolrQuery query)
      throws Exception {
    Exception lastFailure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        // POST: a 384-dimensional vector makes a URL longer than some proxies accept.
        QueryResponse response = solr.query(collection, query, SolrRequest.METHOD.POST);
        if (response.getResults() != null) {
          return response.getResults();
        }
        lastFailure = null;
      } catch (Exception e) {
        if (!SolrFailures.unreachable(e)) {
          throw e;
        }
        lastFailure = e;
      }
      if (attempt < ATTEMPTS) {
        Thread.sleep(FIRST_BACKOFF_MILLIS << (attempt - 1));
      }
    }
    if (lastFailure != null) {
      throw lastFailure;
    }
    throw new BackendUnavailableException(
        "SolrCloud answered " + ATTEMPTS + " times without a result list; retry later", null);
  }
}
