package dev.metarag.bench.answers;

import dev.metarag.data.eval.MeanAccumulator;
import dev.metarag.data.eval.SquadMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The scores of one model version on one data set: EM and F1 taking every answer and as served (an
 * abstention scores 0), how often the gold document was among the passages read, and latency.
 */
final class AnswerScores {
  private final MeanAccumulator means = new MeanAccumulator();
  private final List<Double> millis = new ArrayList<>();
  private int questions;
  private int abstained;

  /**
   * @param prediction the answer the reader chose, also when its confidence is below the threshold
   * @param served whether the generator would give it (confidence at or above its threshold)
   * @param goldRead whether a passage of the question's own document was among those read
   */
  void add(String prediction, boolean served, List<String> golds, boolean goldRead, double ms) {
    questions++;
    abstained += served ? 0 : 1;
    String given = served ? prediction : "";
    means.add("em", SquadMetrics.exactMatch(prediction, golds));
    means.add("f1", SquadMetrics.f1(prediction, golds));
    means.add("served-em", SquadMetrics.exactMatch(given, golds));
    means.add("served-f1", SquadMetrics.f1(given, golds));
    means.add("gold-read", goldRead ? 1 : 0);
    millis.add(ms);
  }

  int questions() {
    return questions;
  }

  double f1() {
    return 100 * means.mean("f1");
  }

  /** A Markdown table row after the data set, scope and version columns. */
  String cells() {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    return String.format(
        Locale.ROOT,
        "%d | %.2f | %.1f | %.1f | %.1f | %.1f | %d | %.0f",
        questions,
        means.mean("gold-read"),
        100 * means.mean("em"),
        100 * means.mean("f1"),
        100 * means.mean("served-em"),
        100 * means.mean("served-f1"),
        abstained,
        p50);
  }

  static String header(int topK) {
    return "| data set | retrieval | version | questions | gold document in top "
        + topK
        + " | EM | F1 | EM as served | F1 as served | abstained | median ms |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|";
  }
}
