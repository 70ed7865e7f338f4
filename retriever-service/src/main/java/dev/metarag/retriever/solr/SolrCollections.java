package dev.metarag.retriever.solr;

import dev.metarag.retriever.collection.LexicalAnalyzerKind;
import dev.metarag.retriever.config.RetrieverConfig;
import dev.metarag.retriever.config.SolrSettings;
import dev.metarag.retriever.error.AlreadyExistsException;
import dev.metarag.retriever.store.PassageStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.response.CollectionAdminResponse;
import org.apache.solr.common.SolrException;
import org.jboss.logging.Logger;

/**
 * The SolrCloud cluster behind SOLRCLOUD collections: creates and deletes their Solr collections
 * (each with its own configset) and opens their stores. The client is made on first use, so the
 * retriever starts, and its embedded collections work, while the cluster is down.
 */
@ApplicationScoped
public class SolrCollections {
  private static final Logger LOG = Logger.getLogger(SolrCollections.class);

  private final SolrSettings settings;
  private CloudSolrClient client;

  @Inject
  public SolrCollections(RetrieverConfig config) {
    this(config.solr());
  }

  SolrCollections(SolrSettings settings) {
    this.settings = settings;
  }

  public boolean configured() {
    return SolrClients.configured(settings);
  }

  /** The Solr collection (and configset) name of a retriever collection. */
  String solrName(String collection) {
    return settings.collectionPrefix() + collection;
  }

  /** Uploads the collection's configset and creates its Solr collection, waiting until active. */
  public void create(String collection, LexicalAnalyzerKind analyzer, int dimension) {
    String name = solrName(collection);
    CloudSolrClient solr = client();
    SolrFailures.call(
        "creating Solr collection " + name,
        () -> {
          if (CollectionAdminRequest.listCollections(solr).contains(name)) {
            throw new AlreadyExistsException(
                "SolrCloud already has a collection '"
                    + name
                    + "' that this retriever does not know (left by another retriever or an"
                    + " interrupted create): delete it in Solr or choose another name");
          }
          uploadConfigSet(solr, name, analyzer, dimension);
          CollectionAdminRequest.Create create =
              CollectionAdminRequest.createCollection(
                  name, name, settings.shards(), settings.replicas());
          create.setWaitForFinalState(true);
          CollectionAdminResponse created = create.process(solr);
          if (!created.isSuccess()) {
            throw new IllegalStateException(
                "Solr did not create collection " + name + ": " + created.getErrorMessages());
          }
          LOG.infof(
              "created Solr collection %s (%d shards x %d replicas)",
              name, settings.shards(), settings.replicas());
          return null;
        });
  }

  private static void uploadConfigSet(
      CloudSolrClient solr, String name, LexicalAnalyzerKind analyzer, int dimension)
      throws Exception {
    Path zip = Files.createTempFile("metarag-configset-", ".zip");
    try {
      Files.write(zip, SolrConfigSet.zip(analyzer, dimension));
      new ConfigSetAdminRequest.Upload()
          .setConfigSetName(name)
          .setUploadFile(zip.toFile(), "application/zip")
          .setOverwrite(true)
          .process(solr);
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  /** Deletes the Solr collection and its configset; one already gone is no error. */
  void delete(String collection) {
    String name = solrName(collection);
    CloudSolrClient solr = client();
    SolrFailures.call(
        "deleting Solr collection " + name,
        () -> {
          try {
            CollectionAdminRequest.deleteCollection(name).process(solr);
          } catch (SolrException e) {
            if (CollectionAdminRequest.listCollections(solr).contains(name)) {
              throw e;
            }
          }
          try {
            new ConfigSetAdminRequest.Delete().setConfigSetName(name).process(solr);
          } catch (SolrException e) {
            LOG.warnf("configset %s was not deleted: %s", name, e.getMessage());
          }
          LOG.infof("deleted Solr collection %s", name);
          return null;
        });
  }

  /** The store of an existing collection; nothing is sent to the cluster until it is used. */
  public PassageStore open(String collection) {
    return new SolrPassageStore(this, collection, solrName(collection), settings);
  }

  /** The shared client, made on first use (a failed attempt is retried on the next call). */
  synchronized CloudSolrClient client() {
    if (client == null) {
      client = SolrFailures.call("connecting", () -> SolrClients.build(settings));
    }
    return client;
  }

  @PreDestroy
  synchronized void close() {
    if (client != null) {
      try {
        client.close();
      } catch (IOException e) {
        LOG.warnf("closing the SolrCloud client failed: %s", e.getMessage());
      }
      client = null;
    }
  }
}
