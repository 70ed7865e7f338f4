package dev.metarag.adapter.adaptation;

import dev.metarag.proto.v1.AdaptProgress;

/** Where an adaptation's progress goes: the AdaptStream call, or nowhere for Adapt. */
@FunctionalInterface
public interface ProgressSink {
  ProgressSink NONE = progress -> {};

  void report(AdaptProgress progress);
}
