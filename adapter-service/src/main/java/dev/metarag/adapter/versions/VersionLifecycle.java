package dev.metarag.adapter.versions;

import dev.metarag.adapter.retrieval.RetrieverClient;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.registry.DeleteResult;
import dev.metarag.registry.PromoteResult;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.RollbackResult;
import dev.metarag.registry.SwapHook;
import dev.metarag.registry.VersionRegistry;
import io.grpc.Status;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Changes which version a domain serves. The retriever's query encoder for the domain's collection
 * is swapped first, while the registry holds the domain's lock; if the retriever refuses, the
 * active version stays as it was.
 */
public final class VersionLifecycle {
  private static final Logger LOG = Logger.getLogger(VersionLifecycle.class);
  private final VersionRegistry registry;
  private final RetrieverClient retriever;

  public VersionLifecycle(VersionRegistry registry, RetrieverClient retriever) {
    this.registry = registry;
    this.retriever = retriever;
  }

  public PromoteResult promote(String domain, String version) {
    Optional<String> before = registry.activeVersion(domain);
    try {
      return registry.promote(domain, version, swapQueryEncoder(domain));
    } catch (UncheckedIOException e) {
      restore(domain, before);
      throw e;
    }
  }

  public RollbackResult rollback(String domain) {
    Optional<String> before = registry.activeVersion(domain);
    try {
      return registry.rollback(domain, swapQueryEncoder(domain));
    } catch (UncheckedIOException e) {
      restore(domain, before);
      throw e;
    }
  }

  /**
   * After the retriever was swapped but the registry could not record it: points the retriever back
   * at what the registry still says is active, so that the two agree.
   */
  private void restore(String domain, Optional<String> active) {
    try {
      Optional<RegisteredVersion> version = active.flatMap(registry::find);
      retriever.setQueryEncoder(
          domain,
          version.map(v -> v.packageDir().toString()).orElse(""),
          version.map(RegisteredVersion::version).orElse(""));
    } catch (RuntimeException e) {
      LOG.errorf(
          e,
          "domain %s: the retriever's query encoder may not match the registry's active version"
              + " %s; promote that version again",
          domain,
          active.orElse("(default)"));
    }
  }

  public DeleteResult delete(String domain, String version, Predicate<String> inUse) {
    return registry.delete(domain, version, inUse);
  }

  private SwapHook swapQueryEncoder(String domain) {
    return newActive -> {
      Optional<RegisteredVersion> next = newActive;
      if (next.isPresent() && !hasQueryEncoder(next.get())) {
        throw Status.FAILED_PRECONDITION
            .withDescription(
                "version '"
                    + next.get().version()
                    + "' has no "
                    + ModelPackage.QUERY_ENCODER
                    + " (models without an ONNX graph, such as the tiny test model, cannot be"
                    + " served)")
            .asRuntimeException();
      }
      retriever.setQueryEncoder(
          domain,
          next.map(v -> v.packageDir().toString()).orElse(""),
          next.map(RegisteredVersion::version).orElse(""));
    };
  }

  private static boolean hasQueryEncoder(RegisteredVersion v) {
    return v.packageDir() != null
        && Files.isRegularFile(v.packageDir().resolve(ModelPackage.QUERY_ENCODER));
  }
}
