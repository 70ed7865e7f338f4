package dev.metarag.retriever.collection;

import dev.metarag.retriever.error.PreconditionFailedException;
import dev.metarag.retriever.solr.SolrCollections;
import dev.metarag.retriever.store.EmbeddedPassageStore;
import dev.metarag.retriever.store.PassageStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;

/** Creates and opens each collection's {@link PassageStore} on the backend its settings name. */
@ApplicationScoped
public class PassageStores {
  static final String INDEX_DIR = "index";

  private final SolrCollections solr;

  /**
   * @param solr the SolrCloud cluster, or null where none can be used
   */
  public PassageStores(SolrCollections solr) {
    this.solr = solr;
  }

  /** Stores for a retriever without SolrCloud (tests of the embedded backend alone). */
  public static PassageStores embeddedOnly() {
    return new PassageStores(null);
  }

  /**
   * Creates the engine-side storage of a new collection: the Solr collection for SOLRCLOUD; nothing
   * for EMBEDDED, whose index is made when first opened.
   */
  void create(CollectionSettings settings, int dimension) {
    if (settings.backend() == CollectionBackend.SOLRCLOUD) {
      solr().create(settings.name(), settings.analyzer(), dimension);
    }
  }

  /** Opens the store of an existing collection; SOLRCLOUD does not contact the cluster yet. */
  PassageStore open(CollectionSettings settings, Path directory) throws IOException {
    return switch (settings.backend()) {
      case EMBEDDED ->
          new EmbeddedPassageStore(directory.resolve(INDEX_DIR), settings.analyzer().create());
      case SOLRCLOUD -> solr().open(settings.name());
    };
  }

  private SolrCollections solr() {
    if (solr == null || !solr.configured()) {
      throw new PreconditionFailedException(
          "this retriever has no SolrCloud cluster: set metarag.retriever.solr.zk-hosts or"
              + " metarag.retriever.solr.urls, or create an EMBEDDED collection");
    }
    return solr;
  }
}
