package dev.metarag.retriever.config;

import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Settings of the SolrCloud backend, under {@code metarag.retriever.solr}. */
public interface SolrSettings {

  /**
   * ZooKeeper connection string of the cluster, e.g. {@code zk1:2181,zk2:2181/solr} (the chroot, if
   * any, at the end). Preferred over {@link #urls}: the client then follows cluster changes.
   */
  Optional<String> zkHosts();

  /** Solr node URLs, e.g. {@code http://solr-0:8983/solr}, when ZooKeeper is not reachable. */
  Optional<List<String>> urls();

  /** Shards of each new Solr collection. */
  @WithDefault("1")
  int shards();

  /** Replicas of each shard (1 means no copy survives the loss of its node). */
  @WithDefault("1")
  int replicas();

  /** When an ingest or a delete is acknowledged; see {@link CommitPolicy}. */
  @WithDefault("hard-commit")
  CommitPolicy commitPolicy();

  /**
   * Ingest batches are sent with this commitWithin, in milliseconds: how soon searches see them
   * while a stream is still open.
   */
  @WithDefault("1000")
  int commitWithinMillis();

  /** Prefix of Solr collection and configset names, so that the retriever's names stand out. */
  @WithDefault("metarag_")
  String collectionPrefix();

  /** How long to wait for a connection to a Solr node or to ZooKeeper, in milliseconds. */
  @WithDefault("5000")
  int connectTimeoutMillis();

  /** How long to wait for a Solr request to answer, in milliseconds. */
  @WithDefault("60000")
  int requestTimeoutMillis();

  /** What an acknowledged write means for a SOLRCLOUD collection. */
  enum CommitPolicy {
    /**
     * The reply waits for an explicit hard commit, with a new searcher, on every shard: the
     * passages are in fsynced index segments on each live replica and searchable. The embedded
     * backend's guarantee.
     */
    HARD_COMMIT,
    /**
     * The reply waits for Solr to accept each batch: written to the transaction log of each shard
     * leader and its live replicas (flushed, not fsynced), which Solr replays after a crash of its
     * process. Searchable within commit-within-millis; a power loss of every replica before Solr's
     * own autoCommit can lose it. Faster for bulk loads.
     */
    COMMIT_WITHIN
  }
}
