package dev.metarag.retriever.solr;

import dev.metarag.testing.solr.SolrCloudChild;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a 2-node SolrCloud child JVM for a Quarkus test class and points the retriever at it:
 * collections of 2 shards with 2 replicas each, so every shard has a copy on both nodes.
 */
public class SolrCloudTestResource implements QuarkusTestResourceLifecycleManager {
  /** Marks a {@link SolrCloudChild} field of the test class to receive the running cluster. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface InjectSolrCloud {}

  private SolrCloudChild cluster;
  private String commitPolicy = "hard-commit";

  /** {@code commit-policy}: the retriever's Solr commit policy; hard-commit unless given. */
  @Override
  public void init(Map<String, String> initArgs) {
    commitPolicy = initArgs.getOrDefault("commit-policy", commitPolicy);
  }

  @Override
  public Map<String, String> start() {
    String run = Long.toString(System.nanoTime());
    try {
      cluster = SolrCloudChild.start(2, Path.of("target", "solr-test-cluster", run));
    } catch (Exception e) {
      throw new IllegalStateException("the SolrCloud test cluster did not start: " + e, e);
    }
    return Map.of(
        // Its own data directory: the contract reuses collection names across backends.
        "metarag.retriever.data-dir",
        "target/test-data/solr-" + run,
        "metarag.retriever.solr.zk-hosts",
        cluster.zkHost(),
        "metarag.retriever.solr.shards",
        "2",
        "metarag.retriever.solr.replicas",
        "2",
        "metarag.retriever.solr.commit-policy",
        commitPolicy,
        "metarag.retriever.solr.commit-within-millis",
        "200");
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        cluster,
        new TestInjector.AnnotatedAndMatchesType(InjectSolrCloud.class, SolrCloudChild.class));
  }

  @Override
  public void stop() {
    if (cluster != null) {
      try {
        cluster.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
