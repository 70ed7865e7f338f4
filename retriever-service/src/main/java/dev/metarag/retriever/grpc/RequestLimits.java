package dev.metarag.retriever.grpc;

import dev.metarag.retriever.error.InvalidRequestException;
import io.grpc.Context;
import io.grpc.Status;

/** Bounds on request sizes, and the deadline check done before expensive steps. */
final class RequestLimits {
  static final int MAX_DOCUMENT_ID_CHARS = 256;
  static final int MAX_TITLE_CHARS = 4096;
  static final int MAX_METADATA_ENTRIES = 64;
  static final int MAX_METADATA_VALUE_CHARS = 1024;
  static final int MAX_FILTERS = 16;
  static final int MAX_FILTER_VALUES = 256;
  static final int MAX_DOCUMENT_IDS = 1000;
  static final int MAX_CANDIDATES = 1000;

  private RequestLimits() {}

  static void requireAtMost(String what, long value, long limit) {
    if (value > limit) {
      throw new InvalidRequestException(what + " is " + value + "; the limit is " + limit);
    }
  }

  /** Fails with DEADLINE_EXCEEDED or CANCELLED when the caller has given up. */
  static void checkNotCancelled() {
    Context ctx = Context.current();
    if (ctx.isCancelled()) {
      if (ctx.getDeadline() != null && ctx.getDeadline().isExpired()) {
        throw Status.DEADLINE_EXCEEDED
            .withDescription("deadline exceeded before the work was done")
            .asRuntimeException();
      }
      throw Status.CANCELLED.withDescription("the caller cancelled the call").asRuntimeException();
    }
  }
}
