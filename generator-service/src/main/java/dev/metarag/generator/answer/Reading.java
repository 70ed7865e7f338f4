package dev.metarag.generator.answer;

import java.util.List;

/**
 * What the reader found in the passages.
 *
 * @param hits the best span first, then the same answer text in other passages, most confident
 *     first; empty when no passage held a token to read
 * @param spansScored candidate spans scored over all passages
 */
record Reading(List<SpanHit> hits, int spansScored) {
  boolean found() {
    return !hits.isEmpty();
  }

  SpanHit best() {
    return hits.get(0);
  }
}
