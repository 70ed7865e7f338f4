package dev.metarag.retriever.solr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.retriever.collection.LexicalAnalyzerKind;
import dev.metarag.retriever.config.SolrSettings;
import dev.metarag.retriever.error.BackendUnavailableException;
import dev.metarag.retriever.search.FusionSettings;
import dev.metarag.retriever.search.SearchMode;
import dev.metarag.retriever.search.SearchQuery;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A cluster nobody answers for is UNAVAILABLE (retry later), never an internal error. */
class SolrUnreachableTest {

  @Test
  void anUnreachableZooKeeperMakesEveryOperationUnavailable() throws IOException {
    SolrCollections solr =
        new SolrCollections(settings(Optional.of("127.0.0.1:" + closedPort() + "/solr"), null));
    try {
      assertUnavailable(() -> solr.create("docs", LexicalAnalyzerKind.ENGLISH, 384));
      assertUnavailable(() -> solr.open("docs").search(bm25Query()));
    } finally {
      solr.close();
    }
  }

  @Test
  void unreachableSolrUrlsMakeEveryOperationUnavailable() throws IOException {
    SolrCollections solr =
        new SolrCollections(
            settings(Optional.empty(), List.of("http://127.0.0.1:" + closedPort() + "/solr")));
    try {
      assertUnavailable(() -> solr.open("docs").documentCount());
      assertUnavailable(() -> solr.open("docs").delete(List.of("a")));
    } finally {
      solr.close();
    }
  }

  private static void assertUnavailable(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("SolrCloud cannot be reached");
  }

  private static SearchQuery bm25Query() {
    return new SearchQuery(
        "battery", null, SearchMode.BM25, 5, Map.of(), FusionSettings.defaults(), 50, false);
  }

  /** A port nothing listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static SolrSettings settings(Optional<String> zk, List<String> urls) {
    return new SolrSettings() {
      public Optional<String> zkHosts() {
        return zk;
      }

      public Optional<List<String>> urls() {
        return Optional.ofNullable(urls);
      }

      public int shards() {
        return 1;
      }

      public int replicas() {
        return 1;
      }

      public CommitPolicy commitPolicy() {
        return CommitPolicy.HARD_COMMIT;
      }

      public int commitWithinMillis() {
        return 1000;
      }

      public String collectionPrefix() {
        return "metarag_";
      }

      public int connectTimeoutMillis() {
        return 1000;
      }

      public int requestTimeoutMillis() {
        return 3000;
      }
    };
  }
}
