package dev.metarag.adapter.adaptation;

import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.registry.RegisteredVersion;

/** What the queue runs: resolving a plan's base up front, then the adaptation itself. */
public interface AdaptationWork {
  /** The version the plan starts from; throws a gRPC status when it is unknown or not allowed. */
  RegisteredVersion resolveBase(AdaptPlan plan);

  /** The whole adaptation, on the queue's thread. */
  AdaptResponse run(AdaptPlan plan, RegisteredVersion base, ProgressSink sink);

  /** Housekeeping after each adaptation, once its caller has the outcome. */
  default void afterRun() {}
}
