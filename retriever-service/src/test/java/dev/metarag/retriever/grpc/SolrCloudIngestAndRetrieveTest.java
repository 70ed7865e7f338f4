package dev.metarag.retriever.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.CollectionBackend;
import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.DeleteCollectionRequest;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.retriever.solr.SolrCloudTestResource;
import dev.metarag.retriever.solr.SolrCloudTestResource.InjectSolrCloud;
import dev.metarag.testing.solr.SolrCloudChild;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract on SolrCloud: a real cluster of 2 Solr nodes (child JVM), collections of 2 shards x
 * 2 replicas. Also what only a cluster can show: losing a node does not stop reads.
 */
@QuarkusTest
@WithTestResource(SolrCloudTestResource.class)
class SolrCloudIngestAndRetrieveTest extends IngestAndRetrieveContract {
  @InjectSolrCloud SolrCloudChild cluster;

  @Override
  CollectionBackend backend() {
    return CollectionBackend.COLLECTION_BACKEND_SOLRCLOUD;
  }

  @Test
  void deletingACollectionDeletesItsSolrCollectionSoTheNameCanBeReused() throws Exception {
    String c = corpus("solr-recreate");

    client.blocking.deleteCollection(DeleteCollectionRequest.newBuilder().setName(c).build());
    create(c);

    CollectionInfo info =
        client
            .blocking
            .describeCollection(
                dev.metarag.proto.v1.DescribeCollectionRequest.newBuilder().setName(c).build())
            .getCollection();
    assertThat(info.getBackend()).isEqualTo(CollectionBackend.COLLECTION_BACKEND_SOLRCLOUD);
    assertThat(info.getDocumentCount()).isZero();
  }

  @Test
  void readsKeepAnsweringWhileANodeIsDown() throws Exception {
    String c = corpus("solr-failover");
    AtomicBoolean nodeDown = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger answeredWhileDown = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> running =
          List.of(
              readers.submit(() -> readUntil(c, done, nodeDown, answeredWhileDown, failures)),
              readers.submit(() -> readUntil(c, done, nodeDown, answeredWhileDown, failures)));
      Thread.sleep(500);
      cluster.stopNode(1);
      nodeDown.set(true);
      Thread.sleep(4000);
      done.set(true);
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      done.set(true);
      readers.shutdownNow();
      cluster.startNode(1);
    }

    assertThat(failures).isEmpty();
    assertThat(answeredWhileDown.get()).isGreaterThan(5);
  }

  private void readUntil(
      String collection,
      AtomicBoolean done,
      AtomicBoolean nodeDown,
      AtomicInteger answeredWhileDown,
      ConcurrentLinkedQueue<Throwable> failures) {
    while (!done.get()) {
      try {
        RetrieveResponse r =
            retrieve(
                collection,
                "How long does the battery last?",
                RetrievalMode.RETRIEVAL_MODE_HYBRID,
                3);
        assertThat(r.getPassages(0).getDocumentId()).isEqualTo("lumio-battery");
        if (nodeDown.get()) {
          answeredWhileDown.incrementAndGet();
        }
      } catch (Throwable t) {
        failures.add(t);
        return;
      }
    }
  }
}
