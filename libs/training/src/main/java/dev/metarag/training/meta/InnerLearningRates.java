package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inner loop's step sizes: one number for every coordinate (MAML and its relatives), or one
 * learned array per adapted parameter (Meta-SGD), which the outer loop trains like a parameter.
 */
final class InnerLearningRates {
  /** Meta-gradients and optimiser state name a parameter's learned rate with this prefix. */
  static final String KEY_PREFIX = "innerLearningRate:";

  private final float uniform;
  private final Map<String, NDArray> learned;

  private InnerLearningRates(float uniform, Map<String, NDArray> learned) {
    this.uniform = uniform;
    this.learned = learned;
  }

  static InnerLearningRates uniform(float rate) {
    return new InnerLearningRates(rate, null);
  }

  /** Learned rates backed by {@code rates} (live: the optimiser replaces its entries). */
  static InnerLearningRates learned(Map<String, NDArray> rates) {
    return new InnerLearningRates(Float.NaN, rates);
  }

  /** Meta-SGD's starting point: every coordinate of every adapted parameter at {@code rate}. */
  static Map<String, NDArray> initialRates(
      Map<String, NDArray> params, Collection<String> adapted, float rate, NDManager manager) {
    Map<String, NDArray> rates = new LinkedHashMap<>();
    for (String name : adapted) {
      NDArray p = params.get(name);
      rates.put(name, manager.full(p.getShape(), rate, p.getDataType()));
    }
    return rates;
  }

  static String key(String parameter) {
    return KEY_PREFIX + parameter;
  }

  static boolean isKey(String key) {
    return key.startsWith(KEY_PREFIX);
  }

  static String parameterOf(String key) {
    return key.substring(KEY_PREFIX.length());
  }

  boolean isLearned() {
    return learned != null;
  }

  /** The live learned rates by parameter name; empty when the rate is uniform. */
  Map<String, NDArray> arrays() {
    return learned == null ? Map.of() : learned;
  }

  /** rate ⊙ v for parameter {@code name}, owned by v's manager. Outside autograd only. */
  NDArray times(String name, NDArray v) {
    return learned == null ? v.mul(uniform) : v.mul(learned.get(name));
  }
}
