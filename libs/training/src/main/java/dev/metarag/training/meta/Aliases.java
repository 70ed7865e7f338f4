package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Detached aliases: arrays that share a parameter's memory but have their own autograd state and
 * belong to a short-lived manager.
 *
 * <p>Why: DJL attaches a result to the manager of its first operand, so arithmetic that starts from
 * a long-lived parameter would pile up in the learner's manager. Starting from an alias owned by a
 * scope puts the result in that scope. And a fresh alias is a fresh autograd leaf, so its gradient
 * never accumulates onto an earlier one. Aliases must not outlive the array they alias.
 */
final class Aliases {
  private Aliases() {}

  /** An alias of {@code array} owned by {@code owner}, outside any autograd graph. */
  static NDArray of(NDArray array, NDManager owner) {
    NDArray alias = array.stopGradient();
    alias.attach(owner);
    return alias;
  }

  /** An alias of every entry, in the same order. */
  static Map<String, NDArray> ofAll(Map<String, NDArray> arrays, NDManager owner) {
    Map<String, NDArray> aliases = new LinkedHashMap<>();
    arrays.forEach((name, a) -> aliases.put(name, of(a, owner)));
    return aliases;
  }

  /** The sum of squares of the named entries, in double. */
  static double squaredNorm(
      Map<String, NDArray> arrays, Collection<String> names, NDManager scope) {
    double sum = 0;
    try (NDManager tmp = scope.newSubManager()) {
      for (String name : names) {
        sum += of(arrays.get(name), tmp).square().sum().getFloat();
      }
    }
    return sum;
  }
}
