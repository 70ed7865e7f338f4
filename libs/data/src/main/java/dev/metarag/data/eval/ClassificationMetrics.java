package dev.metarag.data.eval;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accuracy and macro-F1 of labels predicted per id, as PubMedQA reports its yes/no/maybe decisions
 * (its evaluation script uses scikit-learn's {@code accuracy_score} and {@code f1_score(average =
 * "macro")}). Every gold id is scored; an id without a prediction counts as wrong.
 */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /** Share of gold ids whose predicted label equals the gold one; 0 for no gold ids. */
  public static double accuracy(Map<String, String> predictions, Map<String, String> gold) {
    if (gold.isEmpty()) {
      return 0;
    }
    long right =
        gold.entrySet().stream()
            .filter(e -> e.getValue().equals(predictions.get(e.getKey())))
            .count();
    return right / (double) gold.size();
  }

  /**
   * Unweighted mean over labels of each label's F1, the labels being those that occur as gold or as
   * a prediction for a gold id. A label never predicted, or never right, has F1 0.
   */
  public static double macroF1(Map<String, String> predictions, Map<String, String> gold) {
    Set<String> labels = new TreeSet<>(gold.values());
    gold.keySet().stream().map(predictions::get).filter(Objects::nonNull).forEach(labels::add);
    if (labels.isEmpty()) {
      return 0;
    }
    double sum = 0;
    for (String label : labels) {
      int truePositives = 0;
      int predicted = 0;
      int actual = 0;
      for (Map.Entry<String, String> e : gold.entrySet()) {
        boolean isGold = label.equals(e.getValue());
        boolean isPredicted = label.equals(predictions.get(e.getKey()));
        actual += isGold ? 1 : 0;
        predicted += isPredicted ? 1 : 0;
        truePositives += isGold && isPredicted ? 1 : 0;
      }
      // F1 = 2TP / (predicted + actual): the harmonic mean of TP/predicted and TP/actual.
      sum += truePositives == 0 ? 0 : 2.0 * truePositives / (predicted + actual);
    }
    return sum / labels.size();
  }
}
