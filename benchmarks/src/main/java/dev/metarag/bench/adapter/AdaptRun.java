package dev.metarag.bench.adapter;

import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdaptTimings;

/**
 * One measured Adapt call.
 *
 * @param mode "ANIL" (heads only) or "FULL" (every parameter)
 * @param cold whether the adapter loaded the base model during this call
 * @param clientMillis wall time at the client, from sending the call to the response
 * @param adapterRssMiB the adapter process's resident memory after the call
 */
record AdaptRun(
    String mode, boolean cold, long clientMillis, AdaptResponse response, long adapterRssMiB) {
  AdaptTimings timings() {
    return response.getTimings();
  }
}
