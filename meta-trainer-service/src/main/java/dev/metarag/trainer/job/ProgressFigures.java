package dev.metarag.trainer.job;

import dev.metarag.jobs.ProgressEvent;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import java.util.ArrayDeque;
import java.util.Deque;

/** Throughput and ETA from the times at which meta-steps completed, over the last minute. */
final class ProgressFigures {
  private static final long WINDOW_MILLIS = 60_000;
  private final Deque<long[]> samples = new ArrayDeque<>(); // {timeMillis, step}

  void record(long timeMillis, long step) {
    samples.addLast(new long[] {timeMillis, step});
    while (samples.size() > 2 && samples.peekFirst()[0] < timeMillis - WINDOW_MILLIS) {
      samples.removeFirst();
    }
  }

  /** Meta-steps per second over the window; 0 before two samples. */
  double stepsPerSecond() {
    if (samples.size() < 2) {
      return 0;
    }
    long[] first = samples.peekFirst();
    long[] last = samples.peekLast();
    long millis = last[0] - first[0];
    return millis <= 0 ? 0 : (last[1] - first[1]) * 1000.0 / millis;
  }

  long etaMillis(long step, long total) {
    double rate = stepsPerSecond();
    return rate <= 0 || step >= total ? 0 : (long) ((total - step) / rate * 1000);
  }

  /** Questions one step trains on: a general reader's batch, or a meta-batch of tasks. */
  static int questionsPerStep(JobSpec spec) {
    if (spec.getKind() == JobKind.JOB_KIND_GENERAL_READER) {
      return spec.getGeneralReader().getBatchSize();
    }
    return spec.getMetaBatchSize() * (spec.getSupportSize() + spec.getQuerySize());
  }

  static EvaluationMetrics metrics(ProgressEvent.Metrics m) {
    return EvaluationMetrics.newBuilder()
        .setExactMatch(m.exactMatch())
        .setF1(m.f1())
        .setRecallAt1(m.recallAt1())
        .setRecallAt5(m.recallAt5())
        .setLoss(m.loss())
        .setExampleCount(m.examples())
        .build();
  }
}
