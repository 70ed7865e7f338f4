package dev.metarag.retriever.grpc;

import dev.metarag.proto.v1.CollectionBackend;
import io.quarkus.test.junit.QuarkusTest;

/** The contract on the embedded Lucene backend. */
@QuarkusTest
class EmbeddedIngestAndRetrieveTest extends IngestAndRetrieveContract {
  @Override
  CollectionBackend backend() {
    return CollectionBackend.COLLECTION_BACKEND_EMBEDDED;
  }
}
