package dev.metarag.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One line of a job's progress log, appended by the worker and tailed by the service.
 *
 * @param type what happened
 * @param timeMillis when, milliseconds since the Unix epoch
 * @param step meta-steps completed
 * @param totalSteps meta-steps in total
 * @param metaLoss mean query loss after adaptation of the last meta-step
 * @param supportLoss mean support loss before adaptation
 * @param queryLoss mean query loss before adaptation
 * @param evaluation metrics per evaluation domain (and "*" for the mean), on EVALUATION events
 * @param checkpoint the checkpoint directory relative to the job directory, on CHECKPOINT events
 * @param message text for people: the error on FAILED, the line on LOG
 * @param level the log level on LOG events (DEBUG, INFO, WARN, ERROR)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(
    Type type,
    long timeMillis,
    long step,
    long totalSteps,
    Double metaLoss,
    Double supportLoss,
    Double queryLoss,
    Map<String, Metrics> evaluation,
    String checkpoint,
    String message,
    String level) {

  /** Kinds of events. SUCCEEDED and FAILED are the worker's last words. */
  public enum Type {
    STARTED,
    STEP,
    EVALUATION,
    CHECKPOINT,
    LOG,
    SUCCEEDED,
    FAILED
  }

  /**
   * Evaluation figures on one domain, fractions in [0, 1].
   *
   * @param exactMatch SQuAD exact match
   * @param f1 SQuAD token F1
   * @param recallAt1 fraction with a relevant passage first
   * @param recallAt5 fraction with a relevant passage in the first five
   * @param loss mean RAG loss
   * @param examples examples scored
   */
  public record Metrics(
      double exactMatch,
      double f1,
      double recallAt1,
      double recallAt5,
      double loss,
      int examples) {}

  public static ProgressEvent of(Type type, long step, long totalSteps, String message) {
    return new ProgressEvent(
        type, now(), step, totalSteps, null, null, null, null, null, message, null);
  }

  /** A finished meta-step and its losses. */
  public static ProgressEvent step(
      long step, long totalSteps, double metaLoss, double supportLoss) {
    return new ProgressEvent(
        Type.STEP, now(), step, totalSteps, metaLoss, supportLoss, null, null, null, null, null);
  }

  /** Evaluation figures per domain (and "*" for the mean). */
  public static ProgressEvent evaluation(long step, long totalSteps, Map<String, Metrics> figures) {
    return new ProgressEvent(
        Type.EVALUATION, now(), step, totalSteps, null, null, null, figures, null, null, null);
  }

  /** A checkpoint written, at its path relative to the job directory. */
  public static ProgressEvent checkpoint(long step, long totalSteps, String path) {
    return new ProgressEvent(
        Type.CHECKPOINT, now(), step, totalSteps, null, null, null, null, path, null, null);
  }

  /** A line for people, at DEBUG, INFO, WARN or ERROR. */
  public static ProgressEvent log(String level, long step, long totalSteps, String message) {
    return new ProgressEvent(
        Type.LOG, now(), step, totalSteps, null, null, null, null, null, message, level);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
