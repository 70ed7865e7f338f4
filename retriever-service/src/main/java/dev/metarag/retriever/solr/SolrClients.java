package dev.metarag.retriever.solr;

import dev.metarag.retriever.config.SolrSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;

/** Builds the cluster-aware SolrJ client from the settings: through ZooKeeper, or Solr URLs. */
final class SolrClients {
  private SolrClients() {}

  static boolean configured(SolrSettings settings) {
    return settings.zkHosts().filter(s -> !s.isBlank()).isPresent()
        || settings.urls().filter(u -> !u.isEmpty()).isPresent();
  }

  /** Builds the client; it connects on first use, so an unreachable cluster fails requests only. */
  static CloudSolrClient build(SolrSettings settings) {
    Http2SolrClient.Builder http =
        new Http2SolrClient.Builder()
            .withConnectionTimeout(settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS)
            .withIdleTimeout(settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS)
            .withRequestTimeout(settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
    CloudHttp2SolrClient.Builder cloud;
    Optional<String> zk = settings.zkHosts().filter(s -> !s.isBlank());
    if (zk.isPresent()) {
      ZkAddress address = ZkAddress.parse(zk.get());
      cloud =
          new CloudHttp2SolrClient.Builder(address.hosts(), address.chroot())
              .withZkConnectTimeout(settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS)
              .withZkClientTimeout(
                  Math.max(settings.connectTimeoutMillis() * 2, 10_000), TimeUnit.MILLISECONDS);
    } else {
      cloud = new CloudHttp2SolrClient.Builder(settings.urls().orElseThrow());
    }
    return cloud.withInternalClientBuilder(http).build();
  }

  /** A ZooKeeper connection string split into hosts and chroot, as SolrJ wants them. */
  record ZkAddress(List<String> hosts, Optional<String> chroot) {
    static ZkAddress parse(String connection) {
      int slash = connection.indexOf('/');
      String hosts = slash < 0 ? connection : connection.substring(0, slash);
      Optional<String> chroot =
          slash < 0 || slash == connection.length() - 1
              ? Optional.empty()
              : Optional.of(connection.substring(slash));
      return new ZkAddress(
          Arrays.stream(hosts.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList(),
          chroot);
    }
  }
}
