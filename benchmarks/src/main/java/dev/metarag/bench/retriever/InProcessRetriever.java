package dev.metarag.bench.retriever;

import dev.metarag.retriever.collection.CollectionRegistry;
import dev.metarag.retriever.collection.EncoderCatalog;
import dev.metarag.retriever.collection.PassageStores;
import dev.metarag.retriever.config.RetrieverConfig;
import dev.metarag.retriever.config.SolrSettings;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The retriever's own classes opened on a data directory, without gRPC, for comparison (embedded
 * collections only).
 */
final class InProcessRetriever {
  private InProcessRetriever() {}

  static RetrieverConfig config(Path dataDir) {
    return new RetrieverConfig() {
      public Path dataDir() {
        return dataDir;
      }

      public Path registryDir() {
        return dataDir().resolve("models");
      }

      public int encoderThreads() {
        return 2;
      }

      public int embeddingBatchSize() {
        return 32;
      }

      public int ingestBatchDocuments() {
        return 16;
      }

      public int maxDocumentChars() {
        return 1_000_000;
      }

      public int maxQueryChars() {
        return 4096;
      }

      public int maxTopK() {
        return 100;
      }

      public long refreshIntervalMillis() {
        return 1000;
      }

      public SolrSettings solr() {
        throw new UnsupportedOperationException("in-process comparison of embedded collections");
      }
    };
  }

  static CollectionRegistry open(Path dataDir, EncoderCatalog encoders) throws IOException {
    return new CollectionRegistry(config(dataDir), encoders, PassageStores.embeddedOnly());
  }
}
