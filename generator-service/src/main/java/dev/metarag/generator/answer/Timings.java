package dev.metarag.generator.answer;

import dev.metarag.proto.v1.AnswerTimings;

/** Stage times, measured in nanoseconds, reported in milliseconds to the microsecond. */
final class Timings {
  private Timings() {}

  static AnswerTimings of(long embedNanos, long retrieveNanos, long readNanos, long totalNanos) {
    long embed = micros(embedNanos);
    long retrieve = micros(retrieveNanos);
    long read = micros(readNanos);
    // Rounded stages could add up to a hair more than the rounded total.
    long total = Math.max(micros(totalNanos), embed + retrieve + read);
    return AnswerTimings.newBuilder()
        .setEmbedMillis(embed / 1_000.0)
        .setRetrieveMillis(retrieve / 1_000.0)
        .setReadMillis(read / 1_000.0)
        .setTotalMillis(total / 1_000.0)
        .build();
  }

  private static long micros(long nanos) {
    return Math.round(Math.max(0, nanos) / 1_000.0);
  }
}
