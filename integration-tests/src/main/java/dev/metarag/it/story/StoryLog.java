package dev.metarag.it.story;

import dev.metarag.proto.v1.EvaluationMetrics;
import java.io.PrintStream;
import java.util.Locale;

/** Prints the story as it happens: numbered steps and indented details. */
public final class StoryLog {
  private final PrintStream out;
  private int step;

  public StoryLog(PrintStream out) {
    this.out = out;
  }

  /** A new numbered step. */
  public void step(String title) {
    out.println();
    out.println("== " + ++step + ". " + title);
    out.flush();
  }

  /** A detail of the current step. */
  public void line(String text) {
    out.println("   " + text);
    out.flush();
  }

  /** A formatted detail of the current step. */
  public void line(String format, Object... args) {
    line(String.format(Locale.ROOT, format, args));
  }

  /**
   * One line of EM, F1 and the retrieval figures of an evaluation, and the figures as served
   * (abstaining below the serving threshold) when the evaluation has them (the adapter's do).
   */
  public static String metrics(EvaluationMetrics m) {
    String line =
        String.format(
            Locale.ROOT,
            "EM %.3f  F1 %.3f  recall@1 %.3f  recall@5 %.3f  MRR@10 %.3f  loss %.3f  (%d questions)",
            m.getExactMatch(),
            m.getF1(),
            m.getRecallAt1(),
            m.getRecallAt5(),
            m.getMrrAt10(),
            m.getLoss(),
            m.getExampleCount());
    if (m.getServedF1() == 0 && m.getServedAbstainedCount() == 0) {
      return line;
    }
    return line
        + String.format(
            Locale.ROOT,
            "; as served EM %.3f  F1 %.3f  (%d abstained)",
            m.getServedExactMatch(),
            m.getServedF1(),
            m.getServedAbstainedCount());
  }

  /** Text cut to a length for one line. */
  public static String shorten(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
  }
}
