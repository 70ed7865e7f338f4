package dev.metarag.training.meta;

import java.util.Objects;

/**
 * One task of a meta-batch: the inner loop adapts on {@code support}, and the adapted parameters
 * are judged on {@code query}.
 *
 * @param domain where the task comes from, for per-domain loss reports
 * @param support the batch to adapt on
 * @param query the batch the meta-objective is measured on
 * @param <B> the batch type
 */
public record MetaTask<B>(String domain, B support, B query) {
  public MetaTask {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(support, "support");
    Objects.requireNonNull(query, "query");
  }
}
