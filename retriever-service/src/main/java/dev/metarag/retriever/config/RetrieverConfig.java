package dev.metarag.retriever.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings of the retriever service, under {@code metarag.retriever}. */
@ConfigMapping(prefix = "metarag.retriever")
public interface RetrieverConfig {

  /** Where collections live on disk, one directory each. */
  @WithDefault(".metarag/retriever")
  Path dataDir();

  /**
   * The model registry the adapter and the meta-trainer write: SetQueryEncoder loads model packages
   * from directories under it and nowhere else.
   */
  @WithDefault(".metarag/models")
  Path registryDir();

  /** Threads ONNX Runtime uses inside one embedding call. */
  @WithDefault("2")
  int encoderThreads();

  /** Passages embedded per ONNX Runtime call during ingest. */
  @WithDefault("32")
  int embeddingBatchSize();

  /** Documents buffered before they are chunked, embedded and indexed together. */
  @WithDefault("16")
  int ingestBatchDocuments();

  /** Longest document text accepted, in characters. */
  @WithDefault("1000000")
  int maxDocumentChars();

  /** Longest query accepted, in characters. */
  @WithDefault("4096")
  int maxQueryChars();

  /** Largest top_k accepted. */
  @WithDefault("100")
  int maxTopK();

  /** How often, in milliseconds, searches are refreshed to see newly indexed passages. */
  @WithDefault("500")
  long refreshIntervalMillis();

  /** The SolrCloud cluster behind SOLRCLOUD collections; none configured by default. */
  SolrSettings solr();
}
