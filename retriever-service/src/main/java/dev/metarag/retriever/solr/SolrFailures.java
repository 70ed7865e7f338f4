package dev.metarag.retriever.solr;

import dev.metarag.retriever.error.BackendUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrException;
import org.apache.zookeeper.KeeperException;

/**
 * Turns SolrJ's failures into the service's: a cluster that cannot be reached (no connection, no
 * live node for a shard, ZooKeeper gone, timeouts) is {@link BackendUnavailableException}, which
 * callers may retry; anything else is a bug or a damaged cluster and stays an internal error.
 */
final class SolrFailures {
  private static final List<String> UNREACHABLE_MESSAGES =
      List.of("live_nodes", "No live SolrServers", "ZooKeeper", "Could not find a healthy node");

  /** A SolrJ call. */
  @FunctionalInterface
  interface SolrCall<T> {
    T run() throws Exception;
  }

  private SolrFailures() {}

  /** Runs a call, translating its failure; {@code what} completes "SolrCloud failed while ...". */
  static <T> T call(String what, SolrCall<T> call) {
    try {
      return call.run();
    } catch (Exception e) {
      throw translate(what, e);
    }
  }

  static RuntimeException translate(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (unreachable(e)) {
      return new BackendUnavailableException(
          "SolrCloud cannot be reached while " + what + " (" + rootMessage(e) + "); retry later",
          e);
    }
    if (e instanceof RuntimeException r && !(e instanceof SolrException)) {
      return r; // already one of the service's exceptions
    }
    return new IllegalStateException("SolrCloud failed while " + what + ": " + rootMessage(e), e);
  }

  /** Whether anything in the cause chain says the cluster, not the request, is at fault. */
  static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SolrServerException
          || t instanceof IOException
          || t instanceof TimeoutException
          || t instanceof InterruptedException
          || t instanceof KeeperException.ConnectionLossException
          || t instanceof KeeperException.SessionExpiredException) {
        return true;
      }
      if (t instanceof SolrException s
          && (s.code() == SolrException.ErrorCode.SERVICE_UNAVAILABLE.code || s.code() == 504)) {
        return true;
      }
      // SolrJ reports a cluster it cannot discover with untyped exceptions: only the text tells.
      if (t.getMessage() != null
          && UNREACHABLE_MESSAGES.stream().anyMatch(t.getMessage()::contains)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.getClass().getName();
    return root == e ? message : e.getMessage() + ": " + message;
  }
}
