package dev.metarag.retriever.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.retriever.config.RetrieverConfig;
import dev.metarag.retriever.error.NotFoundException;
import dev.metarag.retriever.grpc.TestEncoderPackages;
import dev.metarag.retriever.search.FusionSettings;
import dev.metarag.retriever.search.SearchHit;
import dev.metarag.retriever.search.SearchMode;
import dev.metarag.retriever.search.SearchQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry closed and opened again on the same directory keeps everything committed. */
class CollectionRegistryRestartTest {
  private static EncoderCatalog encoders;

  @BeforeAll
  static void openEncoders() {
    encoders = new EncoderCatalog(config(Path.of("unused")));
  }

  @AfterAll
  static void closeEncoders() {
    encoders.close();
  }

  static RetrieverConfig config(Path dataDir) {
    return new RetrieverConfig() {
      public Path dataDir() {
        return dataDir;
      }

      public Path registryDir() {
        return dataDir().resolve("models");
      }

      public int encoderThreads() {
        return 1;
      }

      public int embeddingBatchSize() {
        return 8;
      }

      public int ingestBatchDocuments() {
        return 4;
      }

      public int maxDocumentChars() {
        return 100_000;
      }

      public int maxQueryChars() {
        return 1000;
      }

      public int maxTopK() {
        return 100;
      }

      public long refreshIntervalMillis() {
        return 100;
      }

      public dev.metarag.retriever.config.SolrSettings solr() {
        throw new UnsupportedOperationException("embedded collections only");
      }
    };
  }

  private static CollectionSettings settings(String name) {
    return new CollectionSettings(
        name,
        "",
        32,
        24,
        LexicalAnalyzerKind.ENGLISH,
        "all-minilm-l6-v2",
        null,
        1L,
        CollectionBackend.EMBEDDED);
  }

  private static List<SearchHit> bm25(Collection c, String text) {
    return c.search(
        new SearchQuery(
            text, null, SearchMode.BM25, 5, Map.of(), FusionSettings.defaults(), 50, false));
  }

  @Test
  void committedDocumentsAndTheQueryEncoderSurviveARestart(@TempDir Path dir) throws Exception {
    Path pkg = TestEncoderPackages.quantizedMiniLm(dir.resolve("pkg"), "int8");
    CollectionRegistry first =
        new CollectionRegistry(config(dir.resolve("data")), encoders, PassageStores.embeddedOnly());
    Collection c = first.create(settings("durable"));
    c.upsert(
        List.of(
            new DocumentInput("a", "", "Gravel bikes have wide tyres.", Map.of("k", "v")),
            new DocumentInput("b", "", "Road bikes are light.", Map.of())));
    c.commit();
    c.setQueryEncoder(new QueryEncoderOverride(pkg.toString(), "adapted-3"));
    first.close();

    CollectionRegistry second =
        new CollectionRegistry(config(dir.resolve("data")), encoders, PassageStores.embeddedOnly());
    Collection reopened = second.get("durable");

    assertThat(reopened.stats().documents()).isEqualTo(2);
    assertThat(bm25(reopened, "tyres"))
        .extracting(h -> h.passage().documentId())
        .containsExactly("a");
    assertThat(bm25(reopened, "tyres").get(0).passage().metadata()).containsEntry("k", "v");
    assertThat(reopened.stats().queryEncoder().version()).isEqualTo("adapted-3");
    second.close();
  }

  @Test
  void aDeletedCollectionStaysDeleted(@TempDir Path dir) throws Exception {
    CollectionRegistry first =
        new CollectionRegistry(config(dir), encoders, PassageStores.embeddedOnly());
    first.create(settings("gone"));
    first.delete("gone");
    first.close();

    CollectionRegistry second =
        new CollectionRegistry(config(dir), encoders, PassageStores.embeddedOnly());
    assertThatThrownBy(() -> second.get("gone")).isInstanceOf(NotFoundException.class);
    second.close();
  }

  @Test
  void leftoversOfACrashedCreateAreCleanedUp(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("collections/.staging-half"));
    Files.createDirectories(dir.resolve("collections/.deleting-old-123/index"));

    CollectionRegistry registry =
        new CollectionRegistry(config(dir), encoders, PassageStores.embeddedOnly());

    assertThat(registry.list()).isEmpty();
    assertThat(dir.resolve("collections/.staging-half")).doesNotExist();
    assertThat(dir.resolve("collections/.deleting-old-123")).doesNotExist();
    registry.close();
  }
}
